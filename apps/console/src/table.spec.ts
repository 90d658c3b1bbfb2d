import { styleText } from 'node:util';

import { displayWidth, renderTable } from './table';

describe('renderTable', () => {
  const columns = [{ header: 'Voo' }, { header: 'Tarifa', align: 'right' as const }];

  it('aligns columns', () => {
    const table = renderTable(columns, [
      ['JG 2150', 'R$ 1.234,56'],
      ['JG 7', 'R$ 99,00'],
    ]);

    expect(table.split('\n')).toEqual([
      'Voo           Tarifa',
      '───────  ───────────',
      'JG 2150  R$ 1.234,56',
      'JG 7        R$ 99,00',
    ]);
  });

  it('ignores ANSI styles when measuring', () => {
    const styled = styleText('cyan', 'Jangada', { validateStream: false });
    const table = renderTable([{ header: 'Companhia' }, { header: 'UF' }], [[styled, 'BA']]);

    expect(table.split('\n')[2]).toBe(`${styled}    BA`);
  });

  it('counts accented letters once', () => {
    const table = renderTable([{ header: 'Cidade' }, { header: 'UF' }], [['Maceió', 'AL']]);

    expect(table.split('\n')[2]).toBe('Maceió  AL');
  });

  it('leaves no trailing spaces', () => {
    const table = renderTable(
      [{ header: 'Aeroporto' }, { header: 'Cidade' }],
      [
        ['Salvador', 'Salvador'],
        ['Eduardo Gomes', 'Manaus'],
      ],
    );

    for (const line of table.split('\n')) {
      expect(line).toBe(line.trimEnd());
    }
  });

  it('renders header only without rows', () => {
    expect(renderTable(columns, []).split('\n')).toHaveLength(2);
  });

  it('rejects a short row', () => {
    expect(() => renderTable(columns, [['JG 2150']])).toThrow(/row 0 has 1 cells/);
  });
});

describe('displayWidth', () => {
  it('counts a decomposed accent once', () => {
    expect(displayWidth('Sa\u0303o')).toBe(3);
  });
});
