import nock from 'nock';

/**
 * nock intercepts HTTP for this file (or describe block), and is taken out of Node's http module after it.
 * Importing nock patches `http.ClientRequest`, and Node's built-in modules outlive a jest test file: left in place,
 * the next file's requests would still pass through this file's interceptor, an object jest has already torn down
 * with the file's globals (jest 30 says so with a `[JEST-01] 'emitter' property was accessed on
 * [ClientRequestInterceptor]` warning). A later block of the same file turns it on again.
 */
export function useNock(): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
  });
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
}

/** Mocks every nock expectation strictly: no real network, and no expected call left unmade. */
export function useStrictNock(): void {
  useNock();
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
}
