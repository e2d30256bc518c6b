/**
 * This installation's documented extension of OParl 1.1 (docs/oparl-extension.md): object types
 * the specification does not have, and properties on its objects, named so that clients that do
 * not know them can ignore them safely.
 *
 * - Types live in a namespace of their own, shaped like OParl's (`{namespace}/{OParl version}/{Type}`),
 *   never in schema.oparl.org's, which belongs to the specification and may one day define a type
 *   of the same name differently. The namespace is an identifier, the same on every installation
 *   and independent of PUBLIC_URL, so clients can recognise the type wherever they meet it.
 * - Properties added to OParl's own objects carry the vendor prefix the specification asks for
 *   (`prefix:property`).
 */
export const EXTENSION_NAMESPACE = 'https://schema.ratsinfo.org/oparl/1.1/';

/** Vendor prefix of the properties added to OParl's own objects. */
export const EXTENSION_PREFIX = 'ratsinfo';

/** The extension's object types. */
export const EXTENSION_TYPES = ['Vote'] as const;

/** `ratsinfo:vote`: the votes of an agenda item (URLs), or a body's list of votes (URL). */
export const VOTE_PROPERTY = `${EXTENSION_PREFIX}:vote`;
