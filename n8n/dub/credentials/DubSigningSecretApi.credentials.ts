import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A Dub signing secret the user pastes: a webhook's (`whsec_…`) added by hand in Dub's dashboard, for the Dub
 * Trigger's Authentication: None, or a partner postback's (`pbsec_…`), for the Dub Partner Postback Trigger. Kept
 * as a credential so that n8n stores it encrypted and it is never part of the workflow's JSON (exports, copy-paste).
 * Tested by the nodes (testedBy): there is no Dub call that could check it, only its form.
 */
export class DubSigningSecretApi implements ICredentialType {
  name = 'dubSigningSecretApi';

  displayName = 'Dub Signing Secret API';

  icon = { light: 'file:../icons/dub.svg', dark: 'file:../icons/dub.dark.svg' } as const;

  documentationUrl = 'https://dub.co/docs/webhooks/verify-webhook-requests';

  properties: INodeProperties[] = [
    {
      displayName: 'Signing Secret',
      name: 'secret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      placeholder: 'whsec_... or pbsec_...',
      description:
        "The secret Dub shows for a webhook you added in Dub's dashboard (whsec_…) or for a postback you added in the partner dashboard (pbsec_…). Deliveries not signed with it are refused.",
    },
  ];
}
