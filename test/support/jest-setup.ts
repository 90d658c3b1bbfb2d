// End-to-end tests start real processes; give each test more time than jest's 5 s default.
jest.setTimeout(60_000);
