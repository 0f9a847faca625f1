import { findEntry } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import { seedPayloads } from '../support/fixtures';
import { OPTIONS } from '../../shared/cli/options';
import { dubPostbackCatalogue } from '../../shared/catalogue';
import { cli } from './run-cli';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const sale = JSON.stringify(findEntry('dub', 'sale.created')?.sample);

describe('linkhooks normalize', () => {
  it('prints the normalized event as JSON and exits 0', async () => {
    const { code, stdout, stderr } = await cli(['normalize', '--provider', 'dub'], { stdin: sale });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ id: 'evt_WHjyHhqsfYOrlJOOVJSoHXysD', trigger: 'sale', sale: { amount: 4500, currency: 'USD' } });
  });

  it.each(seedPayloads().map((seed) => [seed.name, seed] as const))('normalizes the seed %s', async (_name, seed) => {
    expect((await cli(['normalize', '--provider', seed.provider], { stdin: seed.body })).code).toBe(0);
  });

  it('checks the signature when given a secret', async () => {
    const ok = await cli(['normalize', '--provider', 'dub', '--secret', secret, '--signature', signDubBody(sale, secret)], { stdin: sale });
    expect(ok.code).toBe(0);
    const forged = await cli(['normalize', '--provider', 'dub', '--secret', secret, '--signature', 'ab'.repeat(32)], { stdin: sale });
    expect(forged).toEqual({ code: 3, stdout: '', stderr: "The Dub-Signature does not match the body and this hook's secret: refused.\n" });
    const unsigned = await cli(['normalize', '--provider', 'dub', '--secret', secret], { stdin: sale });
    expect(unsigned.code).toBe(3);
  });

  it('reads a Dub partner postback with --postback, checked with its pbsec_ secret', async () => {
    const postback = JSON.stringify(dubPostbackCatalogue['commission.created'].sample);
    const pbsec = 'pbsec_0123456789abcdef0123456789abcdef';
    const read = await cli(['normalize', '--provider', 'dub', '--postback', '--secret', pbsec, '--signature', signDubBody(postback, pbsec)], { stdin: postback });
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ trigger: 'commission', isPostback: true, partner: null, unreadFields: [] });
    const linkly = await cli(['normalize', '--provider', 'linkly', '--postback'], { stdin: postback });
    expect(linkly.code).not.toBe(0);
  });

  it('checks a Linkly delivery URL token when given one', async () => {
    const click = JSON.stringify(findEntry('linkly', 'click')?.sample);
    const good = await cli(['normalize', '--provider', 'linkly', '--secret', 'tok', '--url', 'https://h.example/x?linkhooks_token=tok'], { stdin: click });
    expect(good.code).toBe(0);
    const bad = await cli(['normalize', '--provider', 'linkly', '--secret', 'tok', '--url', 'https://h.example/x'], { stdin: click });
    expect(bad.code).toBe(3);
  });

  it("normalizes Linkly's link events into the link shape (it said it did not know them before)", async () => {
    const updated = JSON.stringify(findEntry('linkly', 'link.updated')?.sample);
    const { code, stdout, stderr } = await cli(['normalize', '--provider', 'linkly'], { stdin: updated });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ provider: 'linkly', event: 'link.updated', trigger: 'link', link: { id: '12345' }, unreadFields: [] });
  });

  it('an invalid payload: one line on stderr, exit 2', async () => {
    const { code, stdout, stderr } = await cli(['normalize', '--provider', 'dub'], { stdin: '{"event":"sale.created"' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^The body is not valid JSON \(.+\)\.\n$/);
  });

  it('a drifted delivery: printed with what did not read listed (and named on stderr), exit 0', async () => {
    const sale = findEntry('dub', 'sale.created')?.sample as { data: { sale: Record<string, unknown> } };
    const drifted = structuredClone(sale);
    drifted.data.sale.amount = '4500';
    const { code, stdout, stderr } = await cli(['normalize', '--provider', 'dub'], { stdin: JSON.stringify(drifted) });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ sale: { amount: 4500 }, unreadFields: [{ path: 'data.sale.amount', expected: 'a whole number', received: '"4500"' }] });
    expect(stderr).toBe('Read with 1 field(s) not in the expected form: data.sale.amount (see unreadFields).\n');
  });

  it('an unknown event: named, exit 2', async () => {
    const { code, stderr } = await cli(['normalize', '--provider', 'dub'], { stdin: '{"event":"link.teleported"}' });
    expect(code).toBe(2);
    expect(stderr).toBe('Dub sent an event named "link.teleported", which this connector does not know.\n');
  });

  it.each([
    [['normalize'], /--provider dub\|linkly is required/],
    [['normalize', '--provider', 'bitly'], /--provider must be dub or linkly/],
    [['normalize', '--provider', 'dub', '--signature', 'ab'], /--signature needs --secret/],
    [['normalize', '--provider', 'dub', '--nope'], /Unknown option '--nope'/],
    [['teleport'], /Unknown command "teleport"/],
  ])('usage errors exit 64 and say what is wrong: %j', async (argv, message) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(64);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Run linkhooks --help/);
  });

  it('--help documents every flag', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    for (const flag of Object.keys(OPTIONS)) expect(stdout).toContain(`--${flag}`);
  });

  it("--help names the three ways out of Dub's permission 403", async () => {
    const { stdout } = await cli(['--help']);
    expect(stdout).toMatch(/Restricted key\s+with Webhooks: Write \(only a workspace owner can make one\)/);
    expect(stdout).toMatch(/an OAuth token/);
    expect(stdout).toMatch(/add the webhook\s+by hand in Dub \(Settings → Webhooks\)/);
  });
});
