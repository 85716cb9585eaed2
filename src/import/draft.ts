/**
 * The manifest an import writes, as plain data shaped like keyward's manifest format (see
 * docs/manifest.md). `import/` sits beside `manifest/` in the layering and cannot use its types;
 * the CLI validates the written manifest with the ordinary loader, so a draft that does not match
 * the format is caught before anyone applies it. Strings are manifest templates (`${env}`,
 * `${identities.uploader.key.store.arn}`).
 */
export type DraftConditions = Record<string, Record<string, string[]>>

export interface DraftStatement {
  sid?: string
  actions?: string[]
  notActions?: string[]
  resources?: string[]
  notResources?: string[]
  conditions?: DraftConditions
}

export interface DraftOidcTrust {
  issuer: string
  serviceAccounts?: string[]
  subjects?: string[]
  audience?: string
  thumbprints?: string[]
}

export interface DraftTrust {
  oidc?: DraftOidcTrust
  aws?: string[]
  services?: string[]
  conditions?: DraftConditions
}
