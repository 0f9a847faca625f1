import { TRIGGER_NODE_VERSIONS } from '../../../common/node-version';

/**
 * The Dub Trigger's newest version, 1.2: with Authentication: None, the signing secret is read from a Dub Signing
 * Secret credential, and the node no longer has the Signing Secret field, which n8n kept in the workflow's JSON.
 * Nodes of 1 and 1.1 keep that field (and work as before) but also take the credential, and say how to move it.
 */
export const DUB_TRIGGER_NODE_VERSION = 1.2;
export const DUB_TRIGGER_NODE_VERSIONS = [...TRIGGER_NODE_VERSIONS, DUB_TRIGGER_NODE_VERSION];
/** The versions that still show the old Signing Secret field. */
export const DUB_TRIGGER_VERSIONS_WITH_SECRET_FIELD = TRIGGER_NODE_VERSIONS;
