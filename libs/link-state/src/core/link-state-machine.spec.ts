import {
  TEST_TIMERS,
  effectsOfKind,
  makeAdvertisement,
  makeFlight,
  makeFlights,
  makeHello,
  testNodeUrl,
} from '../testing/fixtures';
import {
  createLinkState,
  getAdvertisement,
  getSummary,
  isReachable,
  listNeighbors,
  nextWakeAt,
  reachableOrigins,
} from './link-state';
import type { LinkState } from './link-state';
import { stepLinkState } from './link-state-machine';
import type { LinkStateInput, LinkStateSnapshot } from './machine-contract';
import type { AdvertisedFlight, Advertisement, AdvertisementUpdate, FloodMessage } from './types';
import { UPDATE_SEAT_CHANGES_MAX } from './types';

const SELF = 'JG';
const SELF_URL = testNodeUrl(SELF);
const { helloIntervalMs, deadIntervalMs, updateBatchIntervalMs } = TEST_TIMERS;

function startNode(
  options: {
    seeds?: string[];
    snapshot?: Partial<LinkStateSnapshot>;
    flights?: AdvertisedFlight[];
    now?: number;
  } = {},
) {
  const state = createLinkState({
    self: SELF,
    selfName: 'Jet Gol',
    selfUrl: SELF_URL,
    seedUrls: options.seeds ?? [],
    timers: TEST_TIMERS,
  });
  return stepLinkState(state, {
    kind: 'start',
    now: options.now ?? 0,
    snapshot: { advertisements: [], neighbors: [], ...options.snapshot },
    ownFlights: options.flights ?? makeFlights(SELF, 2),
  });
}

function step(state: LinkState, input: LinkStateInput) {
  return stepLinkState(state, input);
}

function hear(state: LinkState, airline: string, now: number, summary = {}) {
  return step(state, { kind: 'helloReceived', now, hello: makeHello(airline, summary) });
}

/** Starts a node and feeds it a hello from each of `airlines` at instant 10. */
function nodeWithNeighbors(airlines: string[], flights?: AdvertisedFlight[]): LinkState {
  let state = startNode({ flights }).state;
  for (const airline of airlines) {
    state = hear(state, airline, 10).state;
  }
  return state;
}

function flood(
  state: LinkState,
  from: string,
  content: { advertisements?: Advertisement[]; updates?: AdvertisementUpdate[] },
  now = 20,
) {
  const message: FloodMessage = {
    from,
    advertisements: content.advertisements ?? [],
    updates: content.updates ?? [],
  };
  return step(state, { kind: 'floodReceived', now, fromUrl: testNodeUrl(from), flood: message });
}

function seatUpdate(origin: string, sequence: number, seats: number): AdvertisementUpdate {
  return {
    origin,
    sequence,
    previousSequence: sequence - 1,
    seats: [{ flightId: `${origin}1001-20261205`, seatsAvailable: seats }],
  };
}

describe('stepLinkState start', () => {
  it('originates sequence 1 without stored advertisement', () => {
    const { effects } = startNode();
    const persisted = effectsOfKind(effects, 'persistAdvertisement');
    expect(persisted).toHaveLength(1);
    expect(persisted[0].advertisement.sequence).toBe(1);
    expect(persisted[0].advertisement.neighbors).toEqual([]);
  });

  it('originates above stored own sequence', () => {
    const stored = makeAdvertisement(SELF, 7);
    const { state, effects } = startNode({ snapshot: { advertisements: [stored] } });
    expect(effectsOfKind(effects, 'persistAdvertisement')[0].advertisement.sequence).toBe(8);
    expect(getSummary(state)).toEqual({ [SELF]: 8 });
  });

  it('loads stored advertisements of others', () => {
    const { state } = startNode({ snapshot: { advertisements: [makeAdvertisement('AD', 4)] } });
    expect(getAdvertisement(state, 'AD')?.sequence).toBe(4);
    expect(isReachable(state, 'AD')).toBe(false);
  });

  it('sends hellos to seeds and stored neighbours', () => {
    const { effects } = startNode({
      seeds: [testNodeUrl('AD'), SELF_URL],
      snapshot: { neighbors: [{ url: testNodeUrl('G3'), airline: 'G3', source: 'learned' }] },
    });
    const urls = effectsOfKind(effects, 'sendHello').map((effect) => effect.url);
    expect(urls).toEqual([testNodeUrl('AD'), testNodeUrl('G3')]);
  });

  it('emits persist before send and wakeAt last', () => {
    const { effects } = startNode({ seeds: [testNodeUrl('AD')] });
    const kinds = effects.map((effect) => effect.kind);
    expect(kinds).toEqual(['persistAdvertisement', 'sendHello', 'reachabilityChanged', 'wakeAt']);
    expect(effectsOfKind(effects, 'wakeAt')[0].at).toBe(helloIntervalMs);
  });

  it('rejects invalid own flights', () => {
    const foreign = makeFlight('AD', '1001');
    expect(() => startNode({ flights: [foreign] })).toThrow(RangeError);
  });

  it('ignores inputs before start', () => {
    const state = createLinkState({
      self: SELF,
      selfName: 'Jet Gol',
      selfUrl: SELF_URL,
      seedUrls: [],
      timers: TEST_TIMERS,
    });
    const result = hear(state, 'AD', 5);
    expect(result.effects).toEqual([]);
    expect(result.state).toBe(state);
  });

  it('leaves the input state unchanged', () => {
    const before = startNode().state;
    const summaryBefore = getSummary(before);
    hear(before, 'AD', 10);
    expect(getSummary(before)).toEqual(summaryBefore);
    expect(listNeighbors(before)).toEqual([]);
  });
});

describe('stepLinkState own flights', () => {
  it('replaced flights originate next sequence', () => {
    const state = nodeWithNeighbors(['AD']);
    const sequence = getSummary(state)[SELF];
    const { effects } = step(state, {
      kind: 'ownFlightsReplaced',
      now: 50,
      flights: makeFlights(SELF, 3),
    });
    const persisted = effectsOfKind(effects, 'persistAdvertisement')[0].advertisement;
    expect(persisted.sequence).toBe(sequence + 1);
    expect(persisted.flights).toHaveLength(3);
    expect(persisted.neighbors).toEqual(['AD']);
    expect(effectsOfKind(effects, 'sendFlood')[0].flood.advertisements).toEqual([persisted]);
  });
});

describe('stepLinkState own seat batching', () => {
  const flightId = `${SELF}1001-20261205`;

  it('first change flushes at once', () => {
    const state = nodeWithNeighbors(['AD']);
    const sequence = getSummary(state)[SELF];
    const { effects } = step(state, {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: [{ flightId, seatsAvailable: 170 }],
    });
    const update = effectsOfKind(effects, 'persistUpdate')[0].update;
    expect(update.sequence).toBe(sequence + 1);
    expect(update.previousSequence).toBe(sequence);
    expect(update.seats).toEqual([{ flightId, seatsAvailable: 170 }]);
    expect(effectsOfKind(effects, 'sendFlood')[0].flood.updates).toEqual([update]);
  });

  it('later change waits for interval', () => {
    let state = nodeWithNeighbors(['AD']);
    state = step(state, {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: [{ flightId, seatsAvailable: 170 }],
    }).state;
    const { effects } = step(state, {
      kind: 'ownSeatsChanged',
      now: 150,
      changes: [{ flightId, seatsAvailable: 160 }],
    });
    expect(effectsOfKind(effects, 'persistUpdate')).toEqual([]);
    expect(effectsOfKind(effects, 'wakeAt')).toEqual([
      { kind: 'wakeAt', at: 100 + updateBatchIntervalMs },
    ]);
  });

  it('tick flushes merged batch', () => {
    let state = nodeWithNeighbors(['AD']);
    const otherId = `${SELF}1002-20261205`;
    state = step(state, {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: [{ flightId, seatsAvailable: 170 }],
    }).state;
    for (const [now, changes] of [
      [150, [{ flightId, seatsAvailable: 160 }]],
      [160, [{ flightId: otherId, seatsAvailable: 90 }]],
      [170, [{ flightId, seatsAvailable: 150 }]],
    ] as const) {
      state = step(state, { kind: 'ownSeatsChanged', now, changes: [...changes] }).state;
    }
    const { state: after, effects } = step(state, {
      kind: 'tick',
      now: 100 + updateBatchIntervalMs,
    });
    const updates = effectsOfKind(effects, 'persistUpdate');
    expect(updates).toHaveLength(1);
    expect(updates[0].update.seats).toEqual([
      { flightId, seatsAvailable: 150 },
      { flightId: otherId, seatsAvailable: 90 },
    ]);
    expect(getAdvertisement(after, SELF)?.flights[0].seatsAvailable).toBe(150);
  });

  it('splits batch beyond update maximum', () => {
    const count = UPDATE_SEAT_CHANGES_MAX * 2 + 5;
    const flights = makeFlights(SELF, count);
    const state = nodeWithNeighbors(['AD'], flights);
    const sequence = getSummary(state)[SELF];
    const { effects } = step(state, {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: flights.map((flight) => ({ flightId: flight.id, seatsAvailable: 7 })),
    });
    const updates = effectsOfKind(effects, 'persistUpdate').map((effect) => effect.update);
    expect(updates.map((update) => update.seats.length)).toEqual([
      UPDATE_SEAT_CHANGES_MAX,
      UPDATE_SEAT_CHANGES_MAX,
      5,
    ]);
    expect(updates.map((update) => update.sequence)).toEqual([
      sequence + 1,
      sequence + 2,
      sequence + 3,
    ]);
    expect(updates.map((update) => update.previousSequence)).toEqual([
      sequence,
      sequence + 1,
      sequence + 2,
    ]);
    const floods = effectsOfKind(effects, 'sendFlood');
    expect(floods).toHaveLength(1);
    expect(floods[0].flood.updates).toHaveLength(3);
  });

  it('ignores unknown flight', () => {
    const state = nodeWithNeighbors(['AD']);
    const { effects } = step(state, {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: [{ flightId: `${SELF}9999-20261205`, seatsAvailable: 3 }],
    });
    expect(effectsOfKind(effects, 'persistUpdate')).toEqual([]);
  });

  it('skips change equal to current seats', () => {
    const state = nodeWithNeighbors(['AD']);
    const { effects } = step(state, {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: [{ flightId, seatsAvailable: 180 }],
    });
    expect(effectsOfKind(effects, 'persistUpdate')).toEqual([]);
  });

  it('rejects seats over capacity', () => {
    const state = nodeWithNeighbors(['AD']);
    const input: LinkStateInput = {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: [{ flightId, seatsAvailable: 181 }],
    };
    expect(() => step(state, input)).toThrow(/capacity 180/);
  });
});

describe('stepLinkState receiving advertisements', () => {
  it('stores newer advertisement', () => {
    const state = nodeWithNeighbors(['AD', 'G3']);
    const advertisement = makeAdvertisement('LA', 3);
    const { state: after, effects } = flood(state, 'AD', { advertisements: [advertisement] });
    expect(getAdvertisement(after, 'LA')).toEqual(advertisement);
    expect(effectsOfKind(effects, 'persistAdvertisement')).toEqual([
      { kind: 'persistAdvertisement', advertisement },
    ]);
  });

  it('floods to all but the sender', () => {
    const state = nodeWithNeighbors(['AD', 'G3', 'LA']);
    const { effects } = flood(state, 'AD', { advertisements: [makeAdvertisement('O6', 3)] });
    const targets = effectsOfKind(effects, 'sendFlood').map((effect) => effect.url);
    expect(targets).toEqual([testNodeUrl('G3'), testNodeUrl('LA')]);
  });

  it('replaces older stored advertisement', () => {
    let state = nodeWithNeighbors(['AD']);
    state = flood(state, 'AD', { advertisements: [makeAdvertisement('LA', 3)] }).state;
    const newer = makeAdvertisement('LA', 4, { flights: makeFlights('LA', 5) });
    const { state: after } = flood(state, 'AD', { advertisements: [newer] });
    expect(getAdvertisement(after, 'LA')?.flights).toHaveLength(5);
  });

  it.each([
    ['equal', 3],
    ['older', 2],
  ])('drops %s sequence', (_label, sequence) => {
    let state = nodeWithNeighbors(['AD', 'G3']);
    state = flood(state, 'AD', { advertisements: [makeAdvertisement('LA', 3)] }).state;
    const copy = makeAdvertisement('LA', sequence, { flights: makeFlights('LA', 1) });
    const { state: after, effects } = flood(state, 'G3', { advertisements: [copy] });
    expect(effects).toEqual([]);
    expect(getAdvertisement(after, 'LA')?.flights).toHaveLength(2);
  });

  it('drops invalid message whole', () => {
    const state = nodeWithNeighbors(['AD']);
    const good = makeAdvertisement('LA', 3);
    const bad = makeAdvertisement('O6', 3, { flights: [makeFlight('LA', '1001')] });
    const { state: after, effects } = flood(state, 'AD', { advertisements: [good, bad] });
    expect(effects).toEqual([]);
    expect(getAdvertisement(after, 'LA')).toBeUndefined();
    expect(after.rejectedMessages).toBe(1);
  });

  it('pulled database is stored and flooded', () => {
    const state = nodeWithNeighbors(['AD', 'G3']);
    const advertisement = makeAdvertisement('LA', 3);
    const { state: after, effects } = step(state, {
      kind: 'databaseReceived',
      now: 30,
      fromUrl: testNodeUrl('AD'),
      database: { advertisements: [advertisement] },
    });
    expect(getAdvertisement(after, 'LA')).toEqual(advertisement);
    const targets = effectsOfKind(effects, 'sendFlood').map((effect) => effect.url);
    expect(targets).toEqual([testNodeUrl('G3')]);
  });
});

describe('stepLinkState receiving updates', () => {
  function nodeHoldingLa(): LinkState {
    const state = nodeWithNeighbors(['AD', 'G3']);
    return flood(state, 'AD', { advertisements: [makeAdvertisement('LA', 3)] }).state;
  }

  it('applies next update', () => {
    const update = seatUpdate('LA', 4, 99);
    const { state, effects } = flood(nodeHoldingLa(), 'AD', { updates: [update] });
    const stored = getAdvertisement(state, 'LA');
    expect(stored?.sequence).toBe(4);
    expect(stored?.flights[0].seatsAvailable).toBe(99);
    expect(effectsOfKind(effects, 'persistUpdate')).toEqual([{ kind: 'persistUpdate', update }]);
    const targets = effectsOfKind(effects, 'sendFlood').map((effect) => effect.url);
    expect(targets).toEqual([testNodeUrl('G3')]);
  });

  it('drops update above flight capacity', () => {
    const before = nodeHoldingLa();
    const capacity = getAdvertisement(before, 'LA')!.flights[0].capacity;
    const { state, effects } = flood(before, 'AD', {
      updates: [seatUpdate('LA', 4, capacity + 1)],
    });
    expect(getAdvertisement(state, 'LA')?.sequence).toBe(3);
    expect(effectsOfKind(effects, 'persistUpdate')).toEqual([]);
    expect(effectsOfKind(effects, 'sendFlood')).toEqual([]);
    expect(state.rejectedMessages).toBe(before.rejectedMessages + 1);
  });

  it('drops sequence above the maximum', () => {
    const before = nodeHoldingLa();
    const { state } = flood(before, 'AD', {
      advertisements: [makeAdvertisement('LA', 2 ** 40 + 1)],
    });
    expect(getAdvertisement(state, 'LA')?.sequence).toBe(3);
    expect(state.rejectedMessages).toBe(before.rejectedMessages + 1);
  });

  it('applies reordered updates in one message', () => {
    const updates = [seatUpdate('LA', 5, 98), seatUpdate('LA', 4, 99)];
    const { state, effects } = flood(nodeHoldingLa(), 'AD', { updates });
    expect(getAdvertisement(state, 'LA')?.sequence).toBe(5);
    expect(effectsOfKind(effects, 'pull')).toEqual([]);
  });

  it('replaces neighbours from update', () => {
    const update: AdvertisementUpdate = { ...seatUpdate('LA', 4, 99), neighbors: ['AD'] };
    const { state } = flood(nodeHoldingLa(), 'AD', { updates: [update] });
    expect(getAdvertisement(state, 'LA')?.neighbors).toEqual(['AD']);
  });

  it.each([
    ['equal', 3],
    ['older', 2],
  ])('drops %s update', (_label, sequence) => {
    const { state, effects } = flood(nodeHoldingLa(), 'AD', {
      updates: [seatUpdate('LA', sequence, 1)],
    });
    expect(effects).toEqual([]);
    expect(getAdvertisement(state, 'LA')?.flights[0].seatsAvailable).toBe(180);
  });

  it('pulls from sender on gap', () => {
    const { state, effects } = flood(nodeHoldingLa(), 'G3', { updates: [seatUpdate('LA', 6, 1)] });
    expect(effectsOfKind(effects, 'pull')).toEqual([
      { kind: 'pull', url: testNodeUrl('G3'), origins: ['LA'] },
    ]);
    expect(effectsOfKind(effects, 'persistUpdate')).toEqual([]);
    expect(getAdvertisement(state, 'LA')?.sequence).toBe(3);
  });

  it('pulls unknown origin from sender', () => {
    const state = nodeWithNeighbors(['AD']);
    const { effects } = flood(state, 'AD', { updates: [seatUpdate('O6', 9, 1)] });
    expect(effectsOfKind(effects, 'pull')).toEqual([
      { kind: 'pull', url: testNodeUrl('AD'), origins: ['O6'] },
    ]);
  });

  it('does not repeat a pending pull', () => {
    let state = nodeHoldingLa();
    state = flood(state, 'G3', { updates: [seatUpdate('LA', 6, 1)] }).state;
    const { effects } = flood(state, 'AD', { updates: [seatUpdate('LA', 6, 1)] }, 25);
    expect(effectsOfKind(effects, 'pull')).toEqual([]);
  });

  it('repeats pull after failed delivery', () => {
    let state = nodeHoldingLa();
    state = flood(state, 'G3', { updates: [seatUpdate('LA', 6, 1)] }).state;
    state = step(state, { kind: 'deliveryFailed', now: 22, url: testNodeUrl('G3') }).state;
    const { effects } = flood(state, 'AD', { updates: [seatUpdate('LA', 6, 1)] }, 25);
    expect(effectsOfKind(effects, 'pull')).toEqual([
      { kind: 'pull', url: testNodeUrl('AD'), origins: ['LA'] },
    ]);
  });
});

describe('stepLinkState stale own copy', () => {
  it('advertisement above own re-originates', () => {
    const state = nodeWithNeighbors(['AD']);
    const stale = makeAdvertisement(SELF, 40, { flights: makeFlights(SELF, 1) });
    const { state: after, effects } = flood(state, 'AD', { advertisements: [stale] });
    const persisted = effectsOfKind(effects, 'persistAdvertisement')[0].advertisement;
    expect(persisted.sequence).toBe(41);
    expect(persisted.flights).toHaveLength(2);
    expect(effectsOfKind(effects, 'sendFlood')[0].flood.advertisements).toEqual([persisted]);
    expect(getSummary(after)[SELF]).toBe(41);
  });

  it('update above own re-originates', () => {
    const state = nodeWithNeighbors(['AD']);
    const { effects } = flood(state, 'AD', { updates: [seatUpdate(SELF, 40, 3)] });
    const persisted = effectsOfKind(effects, 'persistAdvertisement')[0].advertisement;
    expect(persisted.sequence).toBe(41);
    expect(persisted.flights[0].seatsAvailable).toBe(180);
  });

  it('equal sequence with other content re-originates', () => {
    const state = nodeWithNeighbors(['AD']);
    const own = getAdvertisement(state, SELF) as Advertisement;
    const stale = { ...own, flights: makeFlights(SELF, 1) };
    const { effects } = flood(state, 'AD', { advertisements: [stale] });
    const persisted = effectsOfKind(effects, 'persistAdvertisement')[0].advertisement;
    expect(persisted.sequence).toBe(own.sequence + 1);
  });

  it('summary above own re-originates', () => {
    const state = nodeWithNeighbors(['AD']);
    const { effects } = hear(state, 'AD', 20, { [SELF]: 40 });
    const persisted = effectsOfKind(effects, 'persistAdvertisement')[0].advertisement;
    expect(persisted.sequence).toBe(41);
  });

  it('fresh start: first equal summary re-originates', () => {
    const state = startNode().state;
    const { effects } = hear(state, 'AD', 10, { [SELF]: 1 });
    const persisted = effectsOfKind(effects, 'persistAdvertisement')[0].advertisement;
    expect(persisted.sequence).toBe(2);
  });

  it('fresh start: later equal summary is kept', () => {
    let state = startNode().state;
    state = hear(state, 'AD', 10, {}).state;
    const sequence = getSummary(state)[SELF];
    const { effects } = hear(state, 'AD', 20, { [SELF]: sequence });
    expect(effectsOfKind(effects, 'persistAdvertisement')).toEqual([]);
  });

  it('stored start: equal summary is kept', () => {
    const stored = makeAdvertisement(SELF, 7);
    const state = startNode({ snapshot: { advertisements: [stored] } }).state;
    const { effects } = hear(state, 'AD', 10, { [SELF]: 8 });
    expect(effectsOfKind(effects, 'persistAdvertisement')).toEqual([]);
  });

  it('identical echo is dropped', () => {
    const state = nodeWithNeighbors(['AD', 'G3']);
    const own = getAdvertisement(state, SELF) as Advertisement;
    const { effects } = flood(state, 'AD', { advertisements: [own] });
    expect(effects).toEqual([]);
  });

  it('echo of last own update is dropped', () => {
    let state = nodeWithNeighbors(['AD', 'G3']);
    const changed = step(state, {
      kind: 'ownSeatsChanged',
      now: 100,
      changes: [{ flightId: `${SELF}1001-20261205`, seatsAvailable: 17 }],
    });
    state = changed.state;
    const update = effectsOfKind(changed.effects, 'persistUpdate')[0].update;
    const { effects } = flood(state, 'AD', { updates: [update] }, 120);
    expect(effects).toEqual([]);
  });
});

describe('stepLinkState hellos', () => {
  it('hello adds learned neighbour', () => {
    const state = startNode().state;
    const { state: after, effects } = hear(state, 'AD', 10);
    expect(effectsOfKind(effects, 'persistNeighbor')).toEqual([
      {
        kind: 'persistNeighbor',
        neighbor: { url: testNodeUrl('AD'), airline: 'AD', source: 'learned' },
      },
    ]);
    expect(listNeighbors(after)).toEqual([
      { url: testNodeUrl('AD'), airline: 'AD', source: 'learned', up: true, lastHeardAt: 10 },
    ]);
  });

  it('hello returns own hello as reply', () => {
    const state = startNode().state;
    const { state: after, helloReply } = hear(state, 'AD', 10);
    expect(helloReply).toEqual({ from: SELF, url: SELF_URL, summary: getSummary(after) });
  });

  it('known neighbour is not persisted again', () => {
    const state = nodeWithNeighbors(['AD']);
    const { effects } = hear(state, 'AD', 20);
    expect(effectsOfKind(effects, 'persistNeighbor')).toEqual([]);
  });

  it('reply records airline of seed', () => {
    const state = startNode({ seeds: [testNodeUrl('AD')] }).state;
    const { state: after, effects } = step(state, {
      kind: 'helloReplyReceived',
      now: 10,
      fromUrl: testNodeUrl('AD'),
      hello: makeHello('AD'),
    });
    expect(effectsOfKind(effects, 'persistNeighbor')[0].neighbor).toEqual({
      url: testNodeUrl('AD'),
      airline: 'AD',
      source: 'seed',
    });
    expect(listNeighbors(after)[0].up).toBe(true);
  });

  it('neighbour up originates update', () => {
    const state = startNode().state;
    const sequence = getSummary(state)[SELF];
    const { effects } = hear(state, 'AD', 10);
    const update = effectsOfKind(effects, 'persistUpdate')[0].update;
    expect(update).toEqual({
      origin: SELF,
      sequence: sequence + 1,
      previousSequence: sequence,
      seats: [],
      neighbors: ['AD'],
    });
    expect(effectsOfKind(effects, 'sendFlood')[0].flood.updates).toEqual([update]);
  });

  it('summary pulls higher origins', () => {
    let state = nodeWithNeighbors(['AD']);
    state = flood(state, 'AD', { advertisements: [makeAdvertisement('LA', 3)] }).state;
    const { effects } = hear(state, 'G3', 30, { LA: 5, O6: 1, AD: 1, G3: 2 });
    expect(effectsOfKind(effects, 'pull')).toEqual([
      { kind: 'pull', url: testNodeUrl('G3'), origins: ['AD', 'G3', 'LA', 'O6'] },
    ]);
  });

  it('summary equal or lower pulls nothing', () => {
    let state = nodeWithNeighbors(['AD']);
    state = flood(state, 'AD', { advertisements: [makeAdvertisement('LA', 3)] }).state;
    const { effects } = hear(state, 'AD', 30, { LA: 3 });
    expect(effectsOfKind(effects, 'pull')).toEqual([]);
  });

  it('tick sends hellos when due', () => {
    const state = startNode({ seeds: [testNodeUrl('AD')] }).state;
    const early = step(state, { kind: 'tick', now: helloIntervalMs - 1 });
    expect(effectsOfKind(early.effects, 'sendHello')).toEqual([]);
    const due = step(state, { kind: 'tick', now: helloIntervalMs });
    expect(effectsOfKind(due.effects, 'sendHello').map((effect) => effect.url)).toEqual([
      testNodeUrl('AD'),
    ]);
    expect(effectsOfKind(due.effects, 'wakeAt')).toEqual([
      { kind: 'wakeAt', at: 2 * helloIntervalMs },
    ]);
  });

  it('dead interval marks neighbour down', () => {
    const state = nodeWithNeighbors(['AD', 'G3']);
    let current = hear(state, 'G3', deadIntervalMs).state;
    const alive = step(current, { kind: 'tick', now: 10 + deadIntervalMs });
    expect(listNeighbors(alive.state).every((neighbor) => neighbor.up)).toBe(true);

    const result = step(current, { kind: 'tick', now: 10 + deadIntervalMs + 1 });
    current = result.state;
    const ad = listNeighbors(current).find((neighbor) => neighbor.airline === 'AD');
    expect(ad?.up).toBe(false);
    expect(effectsOfKind(result.effects, 'persistUpdate')[0].update.neighbors).toEqual(['G3']);
    expect(getAdvertisement(current, SELF)?.neighbors).toEqual(['G3']);
  });

  it('wakeAt covers dead deadline', () => {
    const state = nodeWithNeighbors(['AD']);
    expect(nextWakeAt(state)).toBe(helloIntervalMs);
    const late = step(state, { kind: 'tick', now: 4_000 }).state;
    expect(nextWakeAt(late)).toBe(10 + deadIntervalMs + 1);
  });
});

describe('stepLinkState flooding targets', () => {
  it('floods only to up neighbours', () => {
    let state = nodeWithNeighbors(['AD', 'G3']);
    state = hear(state, 'G3', deadIntervalMs).state;
    state = step(state, { kind: 'tick', now: deadIntervalMs + 20 }).state;
    const { effects } = flood(state, 'G3', { advertisements: [makeAdvertisement('LA', 3)] });
    expect(effectsOfKind(effects, 'sendFlood')).toEqual([]);
  });

  it('failed delivery suppresses floods until hello', () => {
    let state = nodeWithNeighbors(['AD', 'G3']);
    state = step(state, { kind: 'deliveryFailed', now: 15, url: testNodeUrl('AD') }).state;
    const suppressed = flood(state, 'G3', { advertisements: [makeAdvertisement('LA', 3)] });
    expect(effectsOfKind(suppressed.effects, 'sendFlood')).toEqual([]);
    expect(listNeighbors(suppressed.state)[0].up).toBe(true);

    state = hear(suppressed.state, 'AD', 30).state;
    const resumed = flood(state, 'G3', { advertisements: [makeAdvertisement('LA', 4)] }, 40);
    expect(effectsOfKind(resumed.effects, 'sendFlood').map((effect) => effect.url)).toEqual([
      testNodeUrl('AD'),
    ]);
  });
});

describe('stepLinkState reachability', () => {
  it('two-way adjacency is reachable', () => {
    let state = nodeWithNeighbors(['AD']);
    const result = flood(state, 'AD', {
      advertisements: [makeAdvertisement('AD', 2, { neighbors: [SELF] })],
    });
    state = result.state;
    expect(isReachable(state, 'AD')).toBe(true);
    expect(effectsOfKind(result.effects, 'reachabilityChanged')).toEqual([
      { kind: 'reachabilityChanged', reachable: ['AD', SELF], unreachable: [] },
    ]);
  });

  it('one-way adjacency is unreachable', () => {
    const state = nodeWithNeighbors(['AD']);
    const { state: after } = flood(state, 'AD', {
      advertisements: [makeAdvertisement('AD', 2, { neighbors: [] })],
    });
    expect(isReachable(after, 'AD')).toBe(false);
  });

  it('reaches origins over several hops', () => {
    const state = nodeWithNeighbors(['AD']);
    const { state: after } = flood(state, 'AD', {
      advertisements: [
        makeAdvertisement('AD', 2, { neighbors: ['G3', SELF] }),
        makeAdvertisement('G3', 2, { neighbors: ['AD', 'LA'] }),
        makeAdvertisement('LA', 2, { neighbors: ['G3'] }),
        makeAdvertisement('O6', 2, { neighbors: ['LA'] }),
      ],
    });
    expect(reachableOrigins(after)).toEqual(['AD', 'G3', SELF, 'LA']);
    expect(getAdvertisement(after, 'O6')?.flights).toHaveLength(2);
  });

  it('down neighbour makes origin unreachable', () => {
    let state = nodeWithNeighbors(['AD']);
    state = flood(state, 'AD', {
      advertisements: [makeAdvertisement('AD', 2, { neighbors: [SELF] })],
    }).state;
    const result = step(state, { kind: 'tick', now: 10 + deadIntervalMs + 1 });
    expect(isReachable(result.state, 'AD')).toBe(false);
    expect(effectsOfKind(result.effects, 'reachabilityChanged')).toEqual([
      { kind: 'reachabilityChanged', reachable: [SELF], unreachable: ['AD'] },
    ]);
    expect(getAdvertisement(result.state, 'AD')?.flights).toHaveLength(2);
  });
});
