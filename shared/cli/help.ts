/** `linkhooks --help`: every command and flag. Kept beside the parser it documents. */
export const HELP = `linkhooks: Dub and Linkly webhooks from the command line

Usage:
  linkhooks normalize --provider dub|linkly [--postback] [--secret S] [--signature HEX] [--url URL] < body.json
      Prints the normalized event for a delivery body read from stdin.
      --postback        Dub: the body is a partner postback (read as the partner's view; isPostback true).
      --secret S        Dub: the hook's signing secret (whsec_…), or the postback's (pbsec_…);
                        Linkly: the token in the hook URL.
                        With a secret the delivery must be authentic.
      --signature HEX   Dub: the Dub-Signature header value of the delivery.
      --url URL         Linkly: the URL the delivery was posted to (carries linkhooks_token).
      Exit 0: printed (what did not read is in unreadFields); 2: not JSON, or an unknown event; 3: missing or bad signature/token.

  linkhooks hooks list   --provider dub|linkly [--link-id N] [--show-secrets] [--base-url URL]
  linkhooks hooks create --provider dub --url URL --events a,b [--name NAME] [--link-ids x,y | --folder-ids x,y]
  linkhooks hooks create --provider linkly --url URL [--link-id N]
  linkhooks hooks delete --provider dub|linkly (--id ID | --url URL) [--link-id N]
  linkhooks hooks replay --provider dub --id WH_ID [--to URL] [--since ISO] [--dry-run]
      Manages hooks through the services' APIs, the way the Zapier apps and n8n nodes do, and prints JSON.
      Keys come from DUB_API_KEY, or LINKLY_API_KEY and LINKLY_WORKSPACE_ID.
      --base-url URL    API base URL (default https://api.dub.co, https://api.linklyhq.com/api/v1).
      --events a,b      Dub event names, e.g. sale.created,link.clicked.
      --name NAME       Dub hook name (at most 40 characters; made from the events when absent).
      --link-ids x,y    Dub link.clicked: only these links (default: the whole workspace).
      --folder-ids x,y  Dub link.clicked: only links in these folders.
      --link-id N       Linkly: one link's hooks instead of the workspace's.
      --id ID           The hook to delete (Linkly: its id or its registered URL).
      --url URL         create: the receiver. delete: the hook found by this URL (Linkly: every hook of
                        ours for this receiver).
      --show-secrets    list: print Dub signing secrets and Linkly URL tokens in full (masked by
                        default).
      Dub list also shows, per hook, whether Dub disabled it and how many attempts failed since its
      last success (from its delivery log: one more call per hook; webhooks.read, Business plan).
      replay: the events the hook's delivery log (its last 100 attempts) shows undelivered, sent
      again oldest first to the hook's URL (or --to URL), signed with the hook's secret (with --to,
      the secret of the enabled hook Dub has at that URL, if any), each with its evt_ id; stops at the first not answered 2xx and prints what was sent, what was answered
      and what was not sent. --since ISO: only events created since then. --dry-run: list only.
      A parked hook (moved aside by a Zap turned on or an n8n trigger, its URL marked
      linkhooks_recovering) goes by default to the URL it was parked from, signed with the secret of
      the enabled hook Dub now has there (none there: nothing is sent).
      A hook Dub disabled stays disabled: replay before deleting it (its log goes with it).
      Dub create adopts the hook already at the URL and brings it in line, or replaces it when Dub has
      disabled it (a new id and secret); Linkly create adds a fresh linkhooks_token to the URL (printed)
      and removes the hooks of ours left for the same URL. A delete of a hook that is already gone
      succeeds. Rate limits are waited out up to a minute per wait and two minutes in all; past that the
      command fails saying how long to wait. API errors: the reason on stderr, exit 1.
      Dub keys: "All access" and "Read only" API keys cannot manage webhooks. Use a Restricted key
      with Webhooks: Write (only a workspace owner can make one), an OAuth token, or add the webhook
      by hand in Dub (Settings → Webhooks).

  linkhooks sandbox [--port N]
      Starts the local stand-in for Dub's and Linkly's APIs (default port 4010) until Ctrl-C.

  linkhooks demo
      Sandbox + hooks + every catalogue event delivered; prints what each trigger emits.

  linkhooks --help, -h
      This text.
`;
