import { describe, expect, it } from 'vitest';
import { ResourceError } from '../../resources/resource-error.js';
import { openDelivery, tempDataDir } from '../test-support/delivery-fixture.js';

async function refusal(p: Promise<unknown>): Promise<ResourceError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ResourceError)) {
    throw new Error(`expected a ResourceError, got ${String(error)}`);
  }
  return error;
}

describe('StreamingPolicyManager', () => {
  it('lists the predefined policies first; only the clear ones have enabled protocols', async () => {
    const d = await openDelivery();
    const names = d.policies.list().map((p) => [p.name, p.noEncryption?.enabledProtocols ?? null]);
    expect(names).toEqual([
      ['Predefined_DownloadOnly', { download: true, dash: false, hls: false, smoothStreaming: false }],
      ['Predefined_ClearStreamingOnly', { download: false, dash: true, hls: true, smoothStreaming: true }],
      [
        'Predefined_DownloadAndClearStreaming',
        { download: true, dash: true, hls: true, smoothStreaming: true },
      ],
      ['Predefined_ClearKey', null],
      ['Predefined_MultiDrmCencStreaming', null],
      ['Predefined_MultiDrmStreaming', null],
    ]);
    expect(d.policies.get('predefined_clearstreamingonly')?.name).toBe('Predefined_ClearStreamingOnly');
    await d.close();
  });

  it('creates custom clear policies, keeps them across a restart, refuses encrypting ones and deleting predefined ones', async () => {
    const dataDir = tempDataDir();
    const d = await openDelivery({ dataDir });
    const enabledProtocols = { download: true, dash: false, hls: true, smoothStreaming: false };
    const made = await d.policies.create('hlsAndDownload', { enabledProtocols, encryption: [] });
    expect(made).toMatchObject({ predefined: false, noEncryption: { enabledProtocols } });
    expect(
      (await refusal(d.policies.create('hlsAndDownload', { enabledProtocols, encryption: [] }))).code,
    ).toBe('Conflict');
    expect(
      (await refusal(d.policies.create('drm', { enabledProtocols, encryption: ['commonEncryptionCenc'] })))
        .code,
    ).toBe('UnsupportedFeature');
    expect((await refusal(d.policies.create('empty', { encryption: [] }))).code).toBe('BadRequest');
    expect((await refusal(d.policies.delete('Predefined_ClearStreamingOnly'))).code).toBe('BadRequest');
    await d.close();
    const again = await openDelivery({ dataDir });
    expect(again.policies.get('HLSANDDOWNLOAD')).toEqual(made);
    await again.close();
  });
});
