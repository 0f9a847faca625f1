import { NodeHelpers, type INodeParameters, type INodeProperties } from 'n8n-workflow';
import { DubApi } from '../../n8n/dub/credentials/DubApi.credentials';
import { DubOAuth2Api } from '../../n8n/dub/credentials/DubOAuth2Api.credentials';
import { LinklyApi } from '../../n8n/linkly/credentials/LinklyApi.credentials';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { catalogue, DUB_API_BASE_URL, LINKLY_API_BASE_URL } from '../../shared';
import { DUB_WEBHOOK_ACCESS_HELP } from '../../n8n/dub/nodes/DubTrigger/client';

function property(properties: INodeProperties[], name: string): INodeProperties {
  const found = properties.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no property ${name}`);
  return found;
}

describe('what the n8n editor shows', () => {
  it("offers every Dub event in the catalogue, valued by Dub's own name and described as the catalogue says", () => {
    const events = property(new DubTrigger().description.properties, 'events');

    expect(events.type).toBe('multiOptions');
    expect(events.options).toHaveLength(catalogue.dub.length);
    expect(events.options).toEqual(
      expect.arrayContaining(catalogue.dub.map((entry) => ({ name: entry.label, value: entry.event, description: entry.description }))),
    );
  });

  it('shows the Link Clicked scope only when Link Clicked is chosen and the node registers the hook', () => {
    const scope = property(new DubTrigger().description.properties, 'linkScope');

    expect(scope.displayOptions?.show).toEqual({ authentication: ['oAuth2', 'apiKey'], events: ['link.clicked'] });
  });

  it('asks for the signing secret only when the user adds the webhook in Dub themselves (Authentication: None)', () => {
    const secret = property(new DubTrigger().description.properties, 'signingSecret');

    expect(secret.displayOptions?.show).toEqual({ authentication: ['none'] });
    expect(secret.typeOptions?.password).toBe(true);
  });

  it("asks for a Dub connection only when the node registers the hook itself, with nothing but Authentication deciding it", () => {
    const { credentials = [], properties } = new DubTrigger().description;
    const authentication = property(properties, 'authentication');

    expect(credentials.map((credential) => credential.displayOptions?.show)).toEqual([{ authentication: ['oAuth2'] }, { authentication: ['apiKey'] }]);
    // n8n's editor hides every parameter a credential's displayOptions name unless Authentication offers 'none':
    // Manual registration must be that 'none', or no user could ever choose it.
    expect(authentication.options).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'none' })]));
  });

  it('names both triggers as n8n expects of trigger nodes', () => {
    for (const node of [new DubTrigger(), new LinklyTrigger()]) {
      expect(node.description.name).toMatch(/Trigger$/);
      expect(node.description.inputs).toEqual([]);
      expect(node.description.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'webhook' })]);
    }
  });

  it('answers Linkly at once: Linkly waits 5 s and never retries, so a late answer could only lose clicks', () => {
    expect(new LinklyTrigger().description.webhooks?.[0]?.responseMode).toBe('onReceived');
  });

  it("answers Dub when the user chose (at once by default, or once the workflow ran), with no workflow data in Dub's log", () => {
    const { webhooks = [], properties } = new DubTrigger().description;
    const respond = property(properties, 'responseMode');

    expect(respond.default).toBe('onReceived');
    expect(respond.options?.map((option) => 'value' in option && option.value)).toEqual(['onReceived', 'lastNode']);
    // n8n evaluates the webhook description's responseMode against the node's parameters.
    expect(webhooks[0]?.responseMode).toBe('={{$parameter["responseMode"] || "onReceived"}}');
    expect(webhooks[0]?.responseData).toBe('noData');
  });

  it('warns, where n8n shows it, that Respond: Immediately tells Dub an external payout is paid before the workflow ran', () => {
    const description = new DubTrigger().description;
    const notice = property(description.properties, 'payoutNotice');
    const shown = (values: Record<string, unknown>) =>
      NodeHelpers.displayParameter(values as INodeParameters, notice, { typeVersion: description.defaultVersion ?? 1.1 }, description);

    expect(String(notice.displayName)).toContain('When the Workflow Finishes');
    expect(shown({ authentication: 'apiKey', events: ['sale.created', 'payout.confirmed'], responseMode: 'onReceived' })).toBe(true);
    expect(shown({ authentication: 'none', events: ['payout.confirmed'], responseMode: 'onReceived' })).toBe(true);
    expect(shown({ authentication: 'apiKey', events: ['payout.confirmed'], responseMode: 'lastNode' })).toBe(false);
    expect(shown({ authentication: 'apiKey', events: ['sale.created'], responseMode: 'onReceived' })).toBe(false);
  });

  // A saved node whose version its type does not declare is drawn from the type's name, with a broken icon
  // (test/e2e/editor shows it in the browser): 1 is what a hand-written or API-made workflow says.
  it('adds new triggers at version 1.1 and knows the version-1 ones saved workflows may hold', () => {
    for (const node of [new DubTrigger(), new LinklyTrigger()]) {
      expect(node.description.version).toEqual([1, 1.1]);
      expect(node.description.defaultVersion).toBe(1.1);
    }
  });
});

describe('credentials', () => {
  it('point at the real services unless told otherwise', () => {
    expect(property(new DubApi().properties, 'baseUrl').default).toBe(DUB_API_BASE_URL);
    expect(property(new DubOAuth2Api().properties, 'baseUrl').default).toBe(DUB_API_BASE_URL);
    expect(property(new LinklyApi().properties, 'baseUrl').default).toBe(LINKLY_API_BASE_URL);
  });

  it("ask Dub's OAuth for the webhook scopes and the reads the pickers need, at Dub's own URLs", () => {
    const oauth = new DubOAuth2Api();

    expect(oauth.extends).toEqual(['oAuth2Api']);
    expect(String(property(oauth.properties, 'scope').default).split(' ')).toEqual(
      expect.arrayContaining(['webhooks.read', 'webhooks.write', 'links.read', 'folders.read']),
    );
    expect(property(oauth.properties, 'authUrl').default).toBe('https://app.dub.co/oauth/authorize');
    expect(property(oauth.properties, 'accessTokenUrl').default).toBe('https://api.dub.co/oauth/token');
  });

  it('the Dub OAuth2 credential says, before consent fails, that only a workspace owner of a verified app can connect', () => {
    const notice = String(property(new DubOAuth2Api().properties, 'ownerOnlyNotice').displayName);
    expect(notice).toContain('Only a Dub workspace owner can connect');
    expect(notice).toContain("You don't have the permission to install this integration.");
    expect(notice).toContain("only its developer or the developer's workspace can install it");
    expect(notice).toContain('Restricted API key with Webhooks: Write');
  });

  it('are tested against a cheap read on the configured base URL', () => {
    for (const credential of [new DubApi(), new DubOAuth2Api(), new LinklyApi()]) {
      expect(credential.test.request.baseURL).toBe('={{$credentials.baseUrl}}');
    }
  });

  it("the Dub API credential tells, before anything fails, which keys can register hooks: the node's three ways out", () => {
    const notice = String(property(new DubApi().properties, 'webhookAccessNotice').displayName);
    expect(notice).toContain('Restricted key with Webhooks: Write');
    expect(notice).toContain('only a workspace owner can make one');
    expect(notice).toContain('"All access" and "Read only" keys cannot manage webhooks');
    expect(notice).toContain("Authentication: None");
    expect(notice).toContain('OAuth2');
    // The same facts as the node's error wording (which n8n's lint cannot read from a constant).
    for (const fact of ['Restricted', 'Webhooks: Write', 'workspace owner', 'All access', 'Read only']) expect(DUB_WEBHOOK_ACCESS_HELP).toContain(fact);
  });
});
