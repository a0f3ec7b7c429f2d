import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARM_ROUTES } from './arm-routes.js';

const PREFIX =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Media/mediaservices/{accountName}';
const METHODS = ['get', 'put', 'patch', 'post', 'delete'] as const;

interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, { readonly operationId?: string }>>>>;
  readonly components: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

const doc = JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8')) as OpenApiDocument;

function documented(): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map(
      (m) => `${m.toUpperCase()} ${path} ${item[m]?.operationId ?? '?'}`,
    ),
  );
}

function collectRefs(value: unknown, out: string[]): string[] {
  if (Array.isArray(value)) {
    value.forEach((v) => collectRefs(v, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') {
        out.push(v);
      } else {
        collectRefs(v, out);
      }
    }
  }
  return out;
}

describe('openapi.json', () => {
  it('describes exactly the routes the router serves (method, path and operationId)', () => {
    const served = ARM_ROUTES.map((r) => `${r.method} ${PREFIX}${r.path} ${r.operationId}`);
    expect(new Set(served).size).toBe(served.length);
    expect([...documented()].sort()).toEqual([...served].sort());
  });

  it('is OpenAPI 3 and every $ref resolves', () => {
    expect(doc.openapi).toMatch(/^3\./);
    for (const ref of collectRefs(doc, [])) {
      const [, section, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
      expect(
        section !== undefined && name !== undefined && doc.components[section]?.[name] !== undefined,
        ref,
      ).toBe(true);
    }
  });

  it('declares every path parameter it uses', () => {
    for (const path of Object.keys(doc.paths)) {
      for (const m of METHODS) {
        const op = doc.paths[path]?.[m] as { parameters?: { $ref: string }[] } | undefined;
        if (op === undefined) {
          continue;
        }
        const declared = (op.parameters ?? []).map((p) => {
          const name = p.$ref.split('/').at(-1) ?? '';
          return (doc.components['parameters']?.[name] as { name: string }).name;
        });
        for (const [, param] of path.matchAll(/\{(\w+)\}/g)) {
          expect(declared, `${m} ${path}`).toContain(param);
        }
      }
    }
  });
});
