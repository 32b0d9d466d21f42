import { describe, expect, it } from 'vitest';
import { allStrings, isLang, langFromUrl, languages, t, useTranslations } from '../../src/i18n/ui.ts';
import type { Lang } from '../../src/i18n/ui.ts';
import en from '../../src/translations/en.json' with { type: 'json' };
import ko from '../../src/translations/ko.json' with { type: 'json' };

const tables: Record<Lang, Record<string, string>> = { en, ko };

describe('translation files', () => {
  it('every language has exactly the English keys', () => {
    const english = Object.keys(en).sort();
    for (const lang of Object.keys(languages) as Lang[]) {
      expect(Object.keys(tables[lang]).sort(), `keys of ${lang}.json`).toEqual(english);
    }
  });

  it('keys are flat and dotted, values are non-empty strings', () => {
    for (const [lang, table] of Object.entries(tables)) {
      for (const [key, value] of Object.entries(table)) {
        expect(key, `${lang}.json key`).toMatch(/^[a-z][\w-]*(\.[\w-]+)+$/);
        expect(typeof value, `${lang}.json ${key}`).toBe('string');
        expect(value.trim(), `${lang}.json ${key}`).not.toBe('');
      }
    }
  });

  it('translations use the same {placeholders} as English', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(en)) {
      expect(placeholders(ko[key as keyof typeof ko]), `ko.json ${key}`).toEqual(placeholders(value));
    }
  });
});

describe('t', () => {
  it('returns the string of the requested language', () => {
    expect(t('en', 'lab.run')).toBe(en['lab.run']);
    expect(t('ko', 'lab.run')).toBe(ko['lab.run']);
    expect(t('ko', 'lab.run')).not.toBe(t('en', 'lab.run'));
  });

  it('substitutes placeholders and leaves unknown ones alone', () => {
    expect(t('en', 'lab.goals.progress', { passed: 2, total: 5 })).toBe('2 of 5 goals pass');
    expect(t('ko', 'lab.goals.progress', { passed: 2, total: 5 })).toBe('목표 5개 중 2개 통과');
    expect(t('en', 'lab.goals.progress', { passed: 1 })).toBe('1 of {total} goals pass');
  });

  it('maps region tags to their language and unknown languages to English', () => {
    expect(t('ko-KR', 'lab.reset')).toBe(ko['lab.reset']);
    expect(t('en-US', 'lab.reset')).toBe(en['lab.reset']);
    expect(t('fr', 'lab.reset')).toBe(en['lab.reset']);
  });

  it('throws on a key that does not exist', () => {
    expect(() => t('en', 'no.such.key' as never)).toThrow(/Unknown UI string key: no.such.key/);
  });

  it('useTranslations binds the language', () => {
    expect(useTranslations('ko')('lab.goals.heading')).toBe(ko['lab.goals.heading']);
    expect(allStrings('en')['lab.goals.heading']).toBe(en['lab.goals.heading']);
  });
});

describe('languages from URLs', () => {
  it('reads the locale from the first path segment', () => {
    expect(langFromUrl(new URL('http://localhost/ko/how-labs-work/'))).toBe('ko');
    expect(langFromUrl(new URL('http://localhost/how-labs-work/'))).toBe('en');
    expect(langFromUrl(new URL('http://localhost/'))).toBe('en');
    expect(langFromUrl(new URL('http://localhost/korean-page/'))).toBe('en');
  });

  it('isLang accepts only configured languages', () => {
    expect(isLang('ko')).toBe(true);
    expect(isLang('en')).toBe(true);
    expect(isLang('toString')).toBe(false);
    expect(isLang(undefined)).toBe(false);
  });
});
