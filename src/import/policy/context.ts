/**
 * What the policy readers need from whoever maps a configuration: turning a Terraform string
 * into a manifest template (only the mapper knows which variable is which manifest variable, and
 * which resource is which identity), and a place to report problems.
 */
import type { ImportProblem } from '../terraform/config.ts'
import type { Loc, TfValue } from '../terraform/value.ts'

export interface PolicyContext {
  /**
   * The manifest template for a Terraform string (`arn:${partition}:s3:::${bucket}/*`), or
   * undefined when it has none — in which case this reports its own problem, at `loc`.
   */
  template(value: TfValue, loc: Loc): string | undefined
  report(problem: ImportProblem): void
}

export interface TrustContext extends PolicyContext {
  /**
   * The issuer URL template of the OIDC provider a `Federated` principal refers to when it is not
   * a written-out ARN, e.g. `aws_iam_openid_connect_provider.eks.arn` → `${oidc_issuer}`; or
   * undefined, having reported why at `loc`.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
   */
  issuerOf(value: TfValue, loc: Loc): string | undefined
}
