import { TEST_TIMERS, makeAdvertisement, makeHello, testNodeUrl } from '../testing/fixtures';
import { applyUpdate, sameAdvertisement } from './advertisements';
import { LinkStateNode } from './link-state-node';

describe('applyUpdate', () => {
  const advertisement = makeAdvertisement('LA', 3);

  it('sets seats and sequence', () => {
    const updated = applyUpdate(advertisement, {
      origin: 'LA',
      sequence: 4,
      previousSequence: 3,
      seats: [{ flightId: 'LA1002-20261205', seatsAvailable: 12 }],
    });
    expect(updated.sequence).toBe(4);
    expect(updated.flights.map((flight) => flight.seatsAvailable)).toEqual([180, 12]);
    expect(updated.neighbors).toEqual([]);
  });

  it('replaces neighbours when present', () => {
    const updated = applyUpdate(advertisement, {
      origin: 'LA',
      sequence: 4,
      previousSequence: 3,
      seats: [],
      neighbors: ['AD'],
    });
    expect(updated.neighbors).toEqual(['AD']);
  });

  it('ignores unknown flight', () => {
    const updated = applyUpdate(advertisement, {
      origin: 'LA',
      sequence: 4,
      previousSequence: 3,
      seats: [{ flightId: 'LA9999-20261205', seatsAvailable: 1 }],
    });
    expect(updated.flights).toEqual(advertisement.flights);
  });

  it('leaves the input unchanged', () => {
    const copy = structuredClone(advertisement);
    applyUpdate(advertisement, {
      origin: 'LA',
      sequence: 4,
      previousSequence: 3,
      seats: [{ flightId: 'LA1001-20261205', seatsAvailable: 1 }],
    });
    expect(sameAdvertisement(advertisement, copy)).toBe(true);
  });
});

describe('LinkStateNode', () => {
  it('keeps state between steps', () => {
    const node = new LinkStateNode({
      self: 'JG',
      selfName: 'Jet Gol',
      selfUrl: testNodeUrl('JG'),
      seedUrls: [],
      timers: TEST_TIMERS,
    });
    node.step({
      kind: 'start',
      now: 0,
      snapshot: { advertisements: [makeAdvertisement('LA', 3)], neighbors: [] },
      ownFlights: [],
    });
    const { helloReply } = node.step({ kind: 'helloReceived', now: 5, hello: makeHello('AD') });
    expect(helloReply?.summary).toEqual(node.summary());
    expect(node.advertisements(['LA']).map((advertisement) => advertisement.origin)).toEqual([
      'LA',
    ]);
    expect(node.neighbors().map((neighbor) => neighbor.airline)).toEqual(['AD']);
    expect(node.nodeUrlOf('LA')).toBe(testNodeUrl('LA'));
    expect(node.isReachable('JG')).toBe(true);
  });
});
