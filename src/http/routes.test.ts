import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import type { ArmApi } from '../api/create-arm-api.js';
import type { EventHistory } from '../events/event-history.js';
import { apiRoute } from './api-route.js';
import { eventHistoryRoute } from './event-history-route.js';
import type { RequestHandler } from './http-service.js';
import { lateRoute, type Late } from './late-route.js';
import type { Packagers } from './packaging/packaged-presentation.js';
import { httpRoutes } from './routes.js';

const request = (path: string, remoteAddress = '127.0.0.1', method = 'GET') =>
  ({ url: path, method, socket: { remoteAddress, encrypted: false } }) as unknown as IncomingMessage;

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

function response(): { res: ServerResponse; answer: Answer } {
  const answer: Answer = { status: 200, headers: {}, body: '' };
  const res = {
    set statusCode(status: number) {
      answer.status = status;
    },
    setHeader: (name: string, value: unknown) => {
      answer.headers[name.toLowerCase()] = value;
    },
    writeHead: (status: number, headers: Record<string, unknown>) => {
      answer.status = status;
      Object.assign(answer.headers, headers);
    },
    end: (body?: string) => {
      answer.body = body ?? '';
    },
  } as unknown as ServerResponse;
  return { res, answer };
}

const url = (path: string) => new URL(path, 'http://localhost');

describe('httpRoutes', () => {
  it('names the routes in matching order', () => {
    const routes = httpRoutes({
      ingest: { sessions: () => [] },
      history: {} as EventHistory,
      previews: { preview: () => ({ kind: 'missing', reason: 'none' }) },
      assets: { asset: () => Promise.resolve(undefined) },
      packagers: {} as Packagers,
      status: { current: undefined },
      api: { current: undefined },
      locators: { current: undefined },
      containers: { current: undefined },
      httpsPort: () => 8443,
    });
    expect(routes.map((r) => r.name)).toEqual([
      'time',
      'healthz',
      'dashboard',
      'status',
      'player-assets',
      'play',
      'preview',
      'assets',
      'event-history',
      'locators',
      'asset-files',
      'api',
    ]);
  });
});

describe('apiRoute', () => {
  it('refuses plain HTTP from another machine with 403 HttpsRequired naming the HTTPS port', async () => {
    const { res, answer } = response();
    const path = '/subscriptions/s/x';
    expect(
      await apiRoute({ current: undefined }, () => 9443)(request(path, '10.1.2.3'), res, url(path)),
    ).toBe(true);
    expect(answer.status).toBe(403);
    const body = JSON.parse(answer.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('HttpsRequired');
    expect(body.error.message).toContain('port 9443');
  });

  it('answers API paths with 503 and Retry-After while Inlet is starting, and passes other paths', async () => {
    const route = apiRoute({ current: undefined }, () => 8443);
    const { res, answer } = response();
    expect(await route(request('/SUBSCRIPTIONS/s'), res, url('/SUBSCRIPTIONS/s'))).toBe(true);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect((JSON.parse(answer.body) as { error: { code: string } }).error.code).toBe('ServiceUnavailable');
    expect(await route(request('/nothing'), response().res, url('/nothing'))).toBe(false);
  });

  it('hands requests to the API once it exists', async () => {
    const handle = vi.fn(() => Promise.resolve(true));
    const api: Late<ArmApi> = { current: { handle, close: () => undefined } };
    const req = request('/subscriptions/s');
    const { res } = response();
    expect(await apiRoute(api, () => 8443)(req, res, url('/subscriptions/s'))).toBe(true);
    expect(handle).toHaveBeenCalledWith(req, res);
  });
});

describe('lateRoute', () => {
  it('passes until the part exists, then answers with the handler made from it (once per part)', async () => {
    const holder: Late<string> = { current: undefined };
    const make = vi.fn(
      (value: string): RequestHandler =>
        () =>
          value === 'ready',
    );
    const route = lateRoute(holder, make);
    expect(await route(request('/'), response().res, url('/'))).toBe(false);
    holder.current = 'ready';
    expect(await route(request('/'), response().res, url('/'))).toBe(true);
    expect(await route(request('/'), response().res, url('/'))).toBe(true);
    expect(make).toHaveBeenCalledTimes(1);
  });
});

describe('eventHistoryRoute', () => {
  const history = {
    recentHeartbeats: (name: string) => [{ heartbeatsOf: name }],
    recentStreamEvents: (name: string) => [{ streamEventsOf: name }],
  } as unknown as EventHistory;

  it('serves /events/<name>/heartbeats and /events/<name>/stream-events with the name decoded', () => {
    const route = eventHistoryRoute(history);
    const heartbeats = response();
    expect(route(request('/events/a%20b/heartbeats'), heartbeats.res, url('/events/a%20b/heartbeats'))).toBe(
      true,
    );
    expect(JSON.parse(heartbeats.answer.body)).toEqual([{ heartbeatsOf: 'a b' }]);
    const streamEvents = response();
    expect(
      route(request('/events/cam/stream-events'), streamEvents.res, url('/events/cam/stream-events')),
    ).toBe(true);
    expect(JSON.parse(streamEvents.answer.body)).toEqual([{ streamEventsOf: 'cam' }]);
  });

  it('passes other paths under /events/', () => {
    const route = eventHistoryRoute(history);
    for (const path of ['/events/ws', '/events/cam/other', '/events/a/b/heartbeats']) {
      expect(route(request(path), response().res, url(path))).toBe(false);
    }
  });
});
