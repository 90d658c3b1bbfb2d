import { UsageError } from './errors';
import {
  chooseLanguage,
  formatNodeAddress,
  parseNodeAddress,
  previewArguments,
  describeNode,
  resolveSettings,
  shouldUseColor,
} from './settings';

function captureUsageError(action: () => unknown): UsageError {
  try {
    action();
  } catch (error) {
    if (error instanceof UsageError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a UsageError');
}

describe('parseNodeAddress', () => {
  it.each([
    ['127.0.0.1:4321', { host: '127.0.0.1', port: 4321 }],
    ['localhost:45000', { host: 'localhost', port: 45000 }],
    ['node-2.interline.example:1', { host: 'node-2.interline.example', port: 1 }],
    ['[::1]:4322', { host: '::1', port: 4322 }],
    ['127.0.0.1:65535', { host: '127.0.0.1', port: 65535 }],
  ])('accepts %s', (text, expected) => {
    expect(parseNodeAddress(text)).toEqual(expected);
  });

  it.each([
    ['4321'],
    ['127.0.0.1'],
    [':4321'],
    ['127.0.0.1:'],
    ['127.0.0.1:0'],
    ['127.0.0.1:65536'],
    ['127.0.0.1:43a1'],
    ['127.0.0.1:-1'],
    ['host name:4321'],
    ['http://127.0.0.1:4321'],
    ['::1:4321'],
    [''],
  ])('rejects %j', (text) => {
    expect(() => parseNodeAddress(text)).toThrow(UsageError);
  });

  it('names value and source in error', () => {
    const error = captureUsageError(() => parseNodeAddress('nowhere', 'INTERLINE_NODE'));

    expect(error.key).toBe('usage.nodeInvalid');
    expect(error.params).toEqual({ source: 'INTERLINE_NODE', value: 'nowhere' });
  });

  it('formats back with brackets for IPv6', () => {
    expect(formatNodeAddress({ host: '::1', port: 4322 })).toBe('[::1]:4322');
    expect(formatNodeAddress({ host: '127.0.0.1', port: 4321 })).toBe('127.0.0.1:4321');
  });
});

describe('chooseLanguage', () => {
  it('flag beats LANG', () => {
    expect(chooseLanguage('pt-BR', { LANG: 'en_US.UTF-8' })).toBe('pt-BR');
    expect(chooseLanguage('en', { LANG: 'pt_BR.UTF-8' })).toBe('en');
  });

  it('LANG en_US.UTF-8 selects English', () => {
    expect(chooseLanguage(undefined, { LANG: 'en_US.UTF-8' })).toBe('en');
  });

  it('unset LANG selects Portuguese', () => {
    expect(chooseLanguage(undefined, {})).toBe('pt-BR');
  });

  it('LANG C selects Portuguese', () => {
    expect(chooseLanguage(undefined, { LANG: 'C' })).toBe('pt-BR');
    expect(chooseLanguage(undefined, { LANG: 'C.UTF-8' })).toBe('pt-BR');
  });

  it('LC_ALL beats LANG', () => {
    expect(chooseLanguage(undefined, { LC_ALL: 'en_GB.UTF-8', LANG: 'pt_BR.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: 'pt_BR.UTF-8', LANG: 'en_US.UTF-8' })).toBe('pt-BR');
  });

  it('empty LC_ALL is skipped', () => {
    expect(chooseLanguage(undefined, { LC_ALL: '', LANG: 'en_US.UTF-8' })).toBe('en');
  });

  it('flag ignores case', () => {
    expect(chooseLanguage('EN', {})).toBe('en');
    expect(chooseLanguage('pt-br', {})).toBe('pt-BR');
  });

  it('unknown flag is a usage error', () => {
    const error = captureUsageError(() => chooseLanguage('fr', {}));

    expect(error.key).toBe('usage.langInvalid');
    expect(error.params.value).toBe('fr');
  });
});

describe('shouldUseColor', () => {
  it('colours a terminal by default', () => {
    expect(shouldUseColor(undefined, {}, true)).toBe(true);
  });

  it('--no-color turns colour off', () => {
    expect(shouldUseColor(false, {}, true)).toBe(false);
  });

  it('NO_COLOR turns colour off', () => {
    expect(shouldUseColor(undefined, { NO_COLOR: '1' }, true)).toBe(false);
  });

  it('empty NO_COLOR is ignored', () => {
    expect(shouldUseColor(undefined, { NO_COLOR: '' }, true)).toBe(true);
  });

  it('pipe gets no colour', () => {
    expect(shouldUseColor(undefined, {}, false)).toBe(false);
  });
});

describe('resolveSettings', () => {
  it('defaults to 127.0.0.1:4321', () => {
    const settings = resolveSettings({}, {}, false);

    expect(settings.node).toEqual({ host: '127.0.0.1', port: 4321 });
    expect(settings.lang).toBe('pt-BR');
    expect(settings.json).toBe(false);
  });

  it('reads INTERLINE_NODE', () => {
    const settings = resolveSettings({}, { INTERLINE_NODE: '127.0.0.1:4323' }, false);

    expect(settings.node).toEqual({ host: '127.0.0.1', port: 4323 });
  });

  it('--node beats INTERLINE_NODE', () => {
    const settings = resolveSettings(
      { node: '127.0.0.1:4322' },
      { INTERLINE_NODE: '127.0.0.1:4323' },
      false,
    );

    expect(settings.node).toEqual({ host: '127.0.0.1', port: 4322 });
  });

  it('bad INTERLINE_NODE names the variable', () => {
    const error = captureUsageError(() =>
      resolveSettings({}, { INTERLINE_NODE: 'localhost' }, false),
    );

    expect(error.params).toEqual({ source: 'INTERLINE_NODE', value: 'localhost' });
  });

  it('--json turns colour off', () => {
    expect(resolveSettings({ json: true }, {}, true).color).toBe(false);
  });
});

describe('previewArguments', () => {
  it('reads --lang with a separate value', () => {
    expect(previewArguments(['--lang', 'en', 'flights'], {}).lang).toBe('en');
  });

  it('reads --lang=value', () => {
    expect(previewArguments(['flights', '--lang=en'], {}).lang).toBe('en');
  });

  it('falls back to LANG for a bad --lang', () => {
    expect(previewArguments(['--lang', 'xx'], { LANG: 'en_US.UTF-8' }).lang).toBe('en');
  });

  it('detects --json', () => {
    expect(previewArguments(['airports', '--json'], {}).json).toBe(true);
    expect(previewArguments(['airports'], {}).json).toBe(false);
  });

  it('stops at --', () => {
    expect(previewArguments(['--', '--json', '--lang', 'en'], {})).toEqual({
      lang: 'pt-BR',
      json: false,
    });
  });
});

describe('describeNode', () => {
  const defaultNode = { host: '127.0.0.1', port: 4321 };
  const otherNode = { host: '127.0.0.1', port: 4322 };

  it('default node needs no --node', () => {
    expect(describeNode(defaultNode, {})).toEqual({ address: '127.0.0.1:4321', option: '' });
  });

  it('another node gets --node', () => {
    expect(describeNode(otherNode, {})).toEqual({
      address: '127.0.0.1:4322',
      option: ' --node 127.0.0.1:4322',
    });
  });

  it('default node gets --node while INTERLINE_NODE is set', () => {
    const target = describeNode(defaultNode, { INTERLINE_NODE: '127.0.0.1:4323' });

    expect(target.option).toBe(' --node 127.0.0.1:4321');
  });

  it('brackets an IPv6 host', () => {
    expect(describeNode({ host: '::1', port: 4321 }, {}).option).toBe(' --node [::1]:4321');
  });

  it('resolveSettings fills it in', () => {
    const settings = resolveSettings({ node: '127.0.0.1:4322' }, {}, false);

    expect(settings.nodeTarget).toEqual(describeNode(otherNode, {}));
  });
});
