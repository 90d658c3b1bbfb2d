/** Languages a passenger can read gateway messages and the console in. */
export const LANGUAGES = ['pt-BR', 'en'] as const;

/** A passenger-facing language; Brazilian Portuguese is the default. */
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'pt-BR';

/** Returns `value` when it names a supported language, otherwise the default language. */
export function toLanguage(value: unknown): Language {
  return LANGUAGES.includes(value as Language) ? (value as Language) : DEFAULT_LANGUAGE;
}

/**
 * Picks a language from a POSIX locale string such as `LANG=en_US.UTF-8`.
 * Anything that is not English falls back to Brazilian Portuguese.
 */
export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('en') ? 'en' : DEFAULT_LANGUAGE;
}
