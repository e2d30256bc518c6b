import { fileSizeText } from 'src/portal/portal-format';

describe('fileSizeText', () => {
  it('gives bytes, whole kilobytes and megabytes with a German decimal comma', () => {
    expect(fileSizeText(null)).toBeNull();
    expect(fileSizeText(512)).toBe('512 Byte');
    expect(fileSizeText('1536')).toBe('2 KB');
    expect(fileSizeText(250_000)).toBe('244 KB');
    expect(fileSizeText(2.5 * 1024 * 1024)).toBe('2,5 MB');
    expect(fileSizeText(1234 * 1024 * 1024)).toBe('1.234 MB');
  });
});
