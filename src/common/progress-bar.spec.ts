import { progressLine } from 'src/common/progress-bar';

describe('progressLine', () => {
  it('draws a bar in proportion to the known total', () => {
    expect(progressLine('reading', 0, 200, 10)).toBe('reading: [----------]   0 % 0/200');
    expect(progressLine('reading', 50, 200, 10)).toBe('reading: [###-------]  25 % 50/200');
    expect(progressLine('reading', 200, 200, 10)).toBe('reading: [##########] 100 % 200/200');
  });

  it('never overflows when a server announces fewer objects than it sends', () => {
    expect(progressLine('reading', 250, 200, 10)).toBe('reading: [##########] 100 % 250/200');
  });

  it('counts without a bar when no total is known', () => {
    expect(progressLine('reading', 42)).toBe('reading: 42');
    expect(progressLine('reading', 42, 0)).toBe('reading: 42');
  });
});
