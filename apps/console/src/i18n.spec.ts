import { LANGUAGES } from '@interline/contracts';

import { MESSAGE_KEYS, messageTemplate, translate } from './i18n';

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

describe('i18n catalogue', () => {
  it.each(MESSAGE_KEYS)('%s has text in every language', (key) => {
    for (const lang of LANGUAGES) {
      expect(messageTemplate(lang, key).trim()).not.toBe('');
    }
  });

  it.each(MESSAGE_KEYS)('%s uses the same parameters', (key) => {
    expect(placeholders(messageTemplate('en', key))).toEqual(
      placeholders(messageTemplate('pt-BR', key)),
    );
  });

  it('fills parameters', () => {
    expect(translate('pt-BR', 'menu.title', { node: '127.0.0.1:4321' })).toBe(
      'Interline · nó 127.0.0.1:4321',
    );
  });

  it('keeps a missing parameter visible', () => {
    expect(translate('en', 'menu.title')).toBe('Interline · node {node}');
  });

  it('writes Portuguese with accents', () => {
    expect(translate('pt-BR', 'usage.optionRequired', { option: '--email' })).toBe(
      'Falta a opção obrigatória --email.',
    );
  });
});
