/**
 * The CLI shows no secret on stderr (issue 17, item 6), even when a service quotes back everything it was sent:
 * the request line and every header, the API key among them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cli } from './run-cli';

const DUB_KEY = 'dub_cliSecretKey0123456789abcd';
const LINKLY_KEY = 'LkCliSecret0123456789abcdefXYZ';

/** A broken gateway that answers every request 502, its text quoting the request line and all the headers. */
let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${String(value)}`).join('; ');
    response.writeHead(502, { 'content-type': 'text/plain' }).end(`upstream failed for ${request.method} ${request.url} (${headers})`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the CLI, against a service that quotes every header back', () => {
  it.each([
    ['dub', { DUB_API_KEY: DUB_KEY }, DUB_KEY],
    ['linkly', { LINKLY_API_KEY: LINKLY_KEY, LINKLY_WORKSPACE_ID: '1' }, LINKLY_KEY],
  ])('hooks list --provider %s fails saying what the service said, without the API key', async (provider, env, key) => {
    const { code, stderr } = await cli(['hooks', 'list', '--provider', provider, '--base-url', baseUrl], { env });

    expect(code).not.toBe(0);
    expect(stderr).toContain('upstream failed for GET');
    expect(stderr).not.toContain(key);
  });
});
