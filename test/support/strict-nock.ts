import nock from 'nock';

/**
 * Takes nock out of Node's http module once the file's tests are done. Importing nock patches `http.ClientRequest`,
 * and Node's built-in modules outlive a jest test file: left in place, the next file's requests would still pass
 * through this file's interceptor, an object jest has already torn down with the file's globals (jest 30 says so
 * with a `[JEST-01] 'emitter' property was accessed on [ClientRequestInterceptor]` warning).
 */
export function restoreNockAfterAll(): void {
  afterAll(() => {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  });
}

/** Mocks every nock expectation strictly: no real network, and no expected call left unmade. */
export function useStrictNock(): void {
  beforeAll(() => {
    // An earlier describe block of the same file may have restored nock already.
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });
  restoreNockAfterAll();
}
