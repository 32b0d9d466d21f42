// Our own UI strings (everything Starlight does not translate for us). The strings live in
// src/translations/<lang>.json with flat dotted keys, like Starlight's own translation files; components
// call t(lang, key) and never contain user-facing literals.
//
// English is the source of truth: every key in en.json must exist in every other language (the type
// below and tests/i18n/ui.test.ts both enforce it), so adding a key means adding its translation too.
import en from '../translations/en.json' with { type: 'json' };
import ko from '../translations/ko.json' with { type: 'json' };

/** The site's languages, in the order the language picker shows them. English is served at the root. */
export const languages = { en: 'English', ko: '한국어' } as const;
export type Lang = keyof typeof languages;
export const defaultLang: Lang = 'en';

export type UiKey = keyof typeof en;

const strings: Record<Lang, Record<UiKey, string>> = { en, ko };

/** Values substituted for `{name}` placeholders in a string. */
export type UiVars = Record<string, string | number>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && Object.hasOwn(languages, value);
}

/**
 * The language of a page from its URL path: `/ko/...` is Korean, everything else is English (the root
 * locale). Pass `Astro.url` or `location`.
 */
export function langFromUrl(url: URL | Location): Lang {
  const first = url.pathname.split('/')[1];
  return isLang(first) ? first : defaultLang;
}

/**
 * The string for `key` in `lang`, with `{name}` placeholders replaced from `vars`. An unknown language
 * (for example a BCP-47 tag such as `en-US` or `ko-KR`) falls back on its primary subtag, then English.
 */
export function t(lang: Lang | string, key: UiKey, vars?: UiVars): string {
  const primary = lang.toLowerCase().split('-')[0];
  const table = strings[isLang(primary) ? primary : defaultLang];
  const template = table[key] ?? strings[defaultLang][key];
  if (template === undefined) throw new Error(`Unknown UI string key: ${String(key)}`);
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

/** `t` bound to one language, for components that render many strings. */
export function useTranslations(lang: Lang | string): (key: UiKey, vars?: UiVars) => string {
  return (key, vars) => t(lang, key, vars);
}

/** Every key and its string in one language (for handing a component's strings to a client island). */
export function allStrings(lang: Lang): Readonly<Record<UiKey, string>> {
  return strings[lang];
}
