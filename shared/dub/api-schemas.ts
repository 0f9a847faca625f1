import * as z from '../zod';

/**
 * Shapes of Dub's API answers, loose so that new fields never break a call. Dub's webhook object has no link or
 * folder ids (its WebhookSchema leaves them out): a hook's selection cannot be read back.
 */

export const dubWebhookSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  url: z.string(),
  secret: z.string().nullish(),
  triggers: z.array(z.string()),
  linkScope: z.enum(['workspace', 'folders', 'links']).nullish(),
  disabledAt: z.string().nullish(),
  installationId: z.string().nullish(),
});
export type DubWebhook = z.output<typeof dubWebhookSchema>;

export const deletedSchema = z.looseObject({ id: z.string() });

export const dubLinkListItemSchema = z.looseObject({
  id: z.string(),
  domain: z.string(),
  key: z.string(),
  shortLink: z.string().nullish(),
  url: z.string().nullish(),
  title: z.string().nullish(),
  folderId: z.string().nullish(),
});
export type DubLinkListItem = z.output<typeof dubLinkListItemSchema>;

export const dubFolderSchema = z.looseObject({ id: z.string(), name: z.string() });
export type DubFolder = z.output<typeof dubFolderSchema>;
