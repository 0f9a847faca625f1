/** `linkhooks --help`: every command and flag. Kept beside the parser it documents. */
export const HELP = `linkhooks: Dub and Linkly webhooks from the command line

Usage:
  linkhooks normalize --provider dub|linkly [--secret S] [--signature HEX] [--url URL] < body.json
      Prints the normalized event for a delivery body read from stdin.
      --secret S        Dub: the hook's signing secret (whsec_…); Linkly: the token in the hook URL.
                        With a secret the delivery must be authentic.
      --signature HEX   Dub: the Dub-Signature header value of the delivery.
      --url URL         Linkly: the URL the delivery was posted to (carries linkhooks_token).
      Exit 0: printed; 2: invalid payload or unknown event; 3: missing or bad signature/token.

  linkhooks hooks list   --provider dub|linkly [--link-id N] [--show-secrets] [--base-url URL]
  linkhooks hooks create --provider dub --url URL --events a,b [--name NAME] [--link-ids x,y | --folder-ids x,y]
  linkhooks hooks create --provider linkly --url URL [--link-id N] [--add-token]
  linkhooks hooks delete --provider dub|linkly --id ID [--link-id N]
      Manages hooks through the services' APIs and prints JSON.
      Keys come from DUB_API_KEY, or LINKLY_API_KEY and LINKLY_WORKSPACE_ID.
      --base-url URL    API base URL (default https://api.dub.co, https://app.linklyhq.com/api/v1).
      --events a,b      Dub event names, e.g. sale.created,link.clicked.
      --name NAME       Dub hook name (at most 40 characters; made from the events when absent).
      --link-ids x,y    Dub link.clicked: only these links (default: the whole workspace).
      --folder-ids x,y  Dub link.clicked: only links in these folders.
      --link-id N       Linkly: one link's hooks instead of the workspace's.
      --add-token       Linkly: add a fresh linkhooks_token to the URL and print it.
      --id ID           The hook to delete (Linkly: its id or its URL).
      --show-secrets    Dub list: print signing secrets in full (masked by default).
      A create adopts an existing hook with the same URL instead of failing; a delete of a hook
      that is already gone succeeds. API errors: the reason on stderr, exit 1.

  linkhooks sandbox [--port N]
      Starts the local stand-in for Dub's and Linkly's APIs (default port 4010) until Ctrl-C.

  linkhooks demo
      Sandbox + hooks + every catalogue event delivered; prints what each trigger emits.
`;
