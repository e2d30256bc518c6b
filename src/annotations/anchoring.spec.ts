import { comparable, locateQuote, pageAt } from 'src/annotations/anchoring';

describe('locateQuote', () => {
  const text = comparable(
    'Der Rat beschließt den Haushalt 2027.\nDer Ausschuss empfiehlt die Sanierung der Grundschule.\n' +
      'Die Sanierung der Grundschule am Markt kostet 1,2 Mio. Euro.',
  );

  it('finds a passage whatever the line breaks and spaces around it', () => {
    expect(locateQuote(text, { quote: 'Haushalt\n 2027' })).not.toBeNull();
    expect(locateQuote(text, { quote: 'Sanie\u00adrung der Grund schule' })).not.toBeNull();
  });

  it('tells repeats of a passage apart by the text before and after it', () => {
    const second = locateQuote(text, { quote: 'Sanierung der Grundschule', prefix: 'Die ', suffix: ' am Markt' });
    expect(second?.suffix.startsWith('amMarkt')).toBe(true);
    const first = locateQuote(text, { quote: 'Sanierung der Grundschule', prefix: 'Ausschuss empfiehlt die', suffix: '.' });
    expect(first?.prefix.endsWith('Ausschussempfiehltdie')).toBe(true);
  });

  it('answers null when the passage is gone or empty', () => {
    expect(locateQuote(text, { quote: 'Haushalt 2028' })).toBeNull();
    expect(locateQuote(text, { quote: ' \n ' })).toBeNull();
  });
});

describe('pageAt', () => {
  it("names the page an offset falls on, by the pages' lengths", () => {
    expect(pageAt([10, 5, 20], 0)).toBe(1);
    expect(pageAt([10, 5, 20], 9)).toBe(1);
    expect(pageAt([10, 5, 20], 10)).toBe(2);
    expect(pageAt([10, 5, 20], 15)).toBe(3);
    expect(pageAt([10, 5, 20], 35)).toBeNull();
    expect(pageAt(null, 3)).toBeNull();
  });
});
