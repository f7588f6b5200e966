import { forbiddenWords, wordingRefusal } from './forbidden-wording.js';

describe('forbidden wording', () => {
  it.each([
    ['Massage cures headaches.', 'cure', 'cures'],
    ['Clinically proven to work', 'clinically proven', 'Clinically proven'],
    ['PROVEN results', 'proven', 'PROVEN'],
    ['Results guaranteed!', 'guaranteed', 'guaranteed'],
    ['The best massage in town', 'best', 'best'],
    ['Better than physiotherapy', 'better than', 'Better than'],
    ['A miracle for your neck', 'miracle', 'miracle'],
    ['Safe for everyone', 'safe', 'Safe'],
    ['No side effects at all', 'no side effects', 'No side effects'],
    ['Permanent relief', 'permanent', 'Permanent'],
    ['100% of clients improved', '100%', '100%'],
    ['We are the #1 clinic', 'number one', '#1'],
  ])('refuses %j, naming %s', (text, term, found) => {
    expect(forbiddenWords(text)).toEqual([expect.objectContaining({ term, found })]);
    expect(wordingRefusal(text)).toContain(`"${found}"`);
  });

  it('matches whole words only', () => {
    expect(forbiddenWords('A secure booking; procured supplies; bestow; unsafety-free; improvement')).toEqual([]);
    expect(forbiddenWords('Curative? Incurable')).toEqual([expect.objectContaining({ term: 'cure', found: 'Curative' })]);
  });

  it('names the phrase, not the word inside it, and every term once', () => {
    const words = forbiddenWords('Clinically proven, proven again, and safe: no side effects.');
    expect(words.map((word) => word.term)).toEqual(['clinically proven', 'proven', 'no side effects', 'safe']);
    expect(words.find((word) => word.term === 'proven')?.found).toBe('proven');
  });

  it('says which advertising rule each word stands for', () => {
    expect(forbiddenWords('proven')[0].rules).toBe('CAP Code 3.7, 12.1');
    expect(forbiddenWords('guaranteed')[0].rules).toBe('CAP Code 3.1');
    expect(forbiddenWords('better than')[0].rules).toBe('CAP Code 3.1, 3.7');
    expect(forbiddenWords('cured')[0].rules).toBe('CAP Code 12.1');
  });

  it('passes honest wording', () => {
    expect(
      wordingRefusal(
        'Across 412 clients treated between 2024-01-02 and 2025-06-30, pressure-pain threshold rose by a mean of 31.2 kPa (95% CI 28.0 to 34.4) from their first to their last session. This is not a comparison with untreated clients.',
      ),
    ).toBeNull();
  });
});
