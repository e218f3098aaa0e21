import { decodeApiKey, generateApiKey, hashApiKey } from './api-key-hash';

describe('api-key-hash', () => {
  it("matches Concord's test vector, with or without padding", () => {
    expect(hashApiKey('cTFxMXExcTE=')).toBe('zh+XFYIOdmSYaFcA+cj9NKIPbpHSqigRtuYUjC3keYQ');
    expect(hashApiKey('cTFxMXExcTE')).toBe('zh+XFYIOdmSYaFcA+cj9NKIPbpHSqigRtuYUjC3keYQ');
  });

  it('generates 22-char unpadded base64 keys of 16 bytes that hash', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^[A-Za-z0-9+/]{22}$/);
    expect(decodeApiKey(key)).toHaveLength(16);
    expect(hashApiKey(key)).toMatch(/^[A-Za-z0-9+/]{43}$/);
    expect(generateApiKey()).not.toBe(key);
  });

  it('refuses values that are not base64', () => {
    for (const bad of ['', '   ', 'not base64!', 'abcde', 'a'.repeat(513), 'YQ===']) {
      expect(hashApiKey(bad)).toBeUndefined();
    }
  });
});
