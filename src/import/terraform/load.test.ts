import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { at, attribute, load, resource, show } from './harness.test.ts'
import type { TfValue } from './value.ts'

describe('given count and for_each', () => {
  const config = load(`variable "users" { default = ["deploy", "ci"] }
resource "aws_iam_user" "u" {
  for_each = toset(var.users)
  name     = "\${each.key}-user"
}
resource "aws_iam_group" "g" {
  count = 2
  name  = "group-\${count.index}"
}
resource "aws_iam_user_group_membership" "m" {
  user   = aws_iam_user.u["ci"].name
  groups = aws_iam_group.g[*].name
  first  = aws_iam_group.g[0].name
}
resource "aws_iam_access_key" "k" {
  for_each = aws_iam_user.u
  user     = each.value.name
  arn      = each.value.arn
}
`)

  test('when instances are expanded, then they have Terraform addresses and keys in order', () => {
    assert.deepEqual(
      config.resources.map((r) => [r.address, r.key]),
      [
        ['aws_iam_user.u["ci"]', 'ci'],
        ['aws_iam_user.u["deploy"]', 'deploy'],
        ['aws_iam_group.g[0]', 0],
        ['aws_iam_group.g[1]', 1],
        ['aws_iam_user_group_membership.m', undefined],
        ['aws_iam_access_key.k["ci"]', 'ci'],
        ['aws_iam_access_key.k["deploy"]', 'deploy'],
      ],
    )
    assert.equal(show(attribute(config, 'aws_iam_group.g[1]', 'name')), 'group-1')
  })

  test('when instances are referenced by key, index or splat, then each value keeps its origin', () => {
    const user = attribute(config, 'aws_iam_user_group_membership.m', 'user')
    assert.equal(show(user), 'ci-user')
    assert.deepEqual('origin' in user ? user.origin : undefined, {
      address: 'aws_iam_user.u["ci"]',
      attribute: 'name',
    })
    assert.deepEqual(show(attribute(config, 'aws_iam_user_group_membership.m', 'groups')), [
      'group-0',
      'group-1',
    ])
    assert.equal(show(attribute(config, 'aws_iam_user_group_membership.m', 'first')), 'group-0')
  })

  test('when for_each is a whole resource, then each.value answers its arguments and computed attributes', () => {
    assert.equal(show(attribute(config, 'aws_iam_access_key.k["deploy"]', 'user')), 'deploy-user')
    assert.equal(
      show(attribute(config, 'aws_iam_access_key.k["deploy"]', 'arn')),
      '{attr aws_iam_user.u["deploy"] arn}',
    )
  })

  test('when for_each is known only after apply, then one problem at its line and the resource is left out', () => {
    const unknown = load(`resource "random_pet" "p" {}
resource "aws_iam_user" "u" {
  for_each = toset([random_pet.p.id])
  name     = each.key
}
resource "aws_iam_user" "v" {
  count = length(var.nope)
}
`)
    assert.deepEqual(
      unknown.resources.map((r) => r.address),
      ['random_pet.p'],
    )
    assert.deepEqual(
      unknown.problems.map((p) => [p.severity, at(p.loc), p.message.slice(0, 45)]),
      [
        ['error', 'main.tf:3', 'the for_each of aws_iam_user.u cannot be eval'],
        ['error', 'main.tf:7', 'the count of aws_iam_user.v cannot be evaluat'],
      ],
    )
  })
})

describe('given dynamic blocks', () => {
  test('when for_each, iterator and nested dynamic blocks are used, then the blocks are expanded', () => {
    const config = load(`locals {
  statements = {
    read  = ["s3:GetObject"]
    write = ["s3:PutObject", "s3:DeleteObject"]
  }
}
data "aws_iam_policy_document" "p" {
  dynamic "statement" {
    for_each = local.statements
    iterator = s
    content {
      sid     = s.key
      actions = s.value
      dynamic "condition" {
        for_each = s.key == "write" ? [1] : []
        content {
          test = "Bool"
          values = ["\${condition.value}"]
        }
      }
    }
  }
}
`)
    const blocks = resource(config, 'data.aws_iam_policy_document.p').body.blocks
    assert.deepEqual(
      blocks.map((b) => [
        b.type,
        show(b.body.attributes.get('sid')?.value ?? { kind: 'null' }),
        b.body.blocks.length,
      ]),
      [
        ['statement', 'read', 0],
        ['statement', 'write', 1],
      ],
    )
    // "${x}" alone is x itself, unconverted, as in Terraform.
    assert.deepEqual(
      show(blocks[1]?.body.blocks[0]?.body.attributes.get('values')?.value ?? { kind: 'null' }),
      [1],
    )
  })
})

describe('given root variables', () => {
  const declarations = `variable "project" { type = string }
variable "replicas" { type = number }
variable "names" { type = list(string) }
variable "settings" {
  type = object({ name = string, tags = optional(map(string), {}) })
  default = { name = "x" }
}
variable "token" {
  sensitive = true
  default   = "t"
}
resource "t" "t" {
  name     = "\${var.project}-api"
  replicas = var.replicas
  names    = var.names
  settings = var.settings
}
`

  test('when values come from flags, then they convert to the declared types and strings keep the variable', () => {
    const config = load(declarations, {
      vars: { project: 'acme', replicas: '3', names: '["a", "b"]' },
    })
    assert.equal(show(attribute(config, 't.t', 'name')), '{var.project=acme}-api')
    assert.equal(show(attribute(config, 't.t', 'replicas')), 3)
    assert.deepEqual(show(attribute(config, 't.t', 'names')), ['a', 'b'])
    assert.deepEqual(show(attribute(config, 't.t', 'settings')), { name: 'x', tags: {} })
    assert.deepEqual(
      config.variables.map((v) => [v.name, v.from, v.sensitive]),
      [
        ['project', 'flag', false],
        ['replicas', 'flag', false],
        ['names', 'flag', false],
        ['settings', 'default', false],
        ['token', 'default', true],
      ],
    )
    assert.deepEqual(config.problems, [])
  })

  test('when a variable has no value, then it is unknown and a problem says how to pass it', () => {
    const config = load(declarations, { vars: { replicas: '1', names: '[]' } })
    assert.equal(show(attribute(config, 't.t', 'name')), 'unknown: variable "project" has no value')
    const [problem] = config.problems
    assert.equal(problem?.message, 'variable "project" has no value')
    assert.equal(problem.hint, 'pass it with --var project=VALUE or in a .tfvars file')
    assert.equal(at(problem.loc), 'main.tf:1')
  })

  test('when a value is given for an undeclared variable, then a warning says so where it was given', () => {
    const config = load('variable "a" { default = 1 }', { vars: { b: 'x' } })
    assert.deepEqual(
      config.problems.map((p) => [p.severity, at(p.loc)]),
      [['warning', 'prod.tfvars:1']],
    )
  })
})

describe('given modules', () => {
  const modules = {
    'modules/build-user': {
      'modules/build-user/main.tf': `variable "name" { type = string }
variable "path" { default = "/ci/" }
resource "aws_iam_user" "this" {
  name = var.name
  path = var.path
}
module "key" {
  source = "../../shared/key"
  user   = aws_iam_user.this.name
}
output "user_name" { value = aws_iam_user.this.name }
output "key_id" { value = module.key.id }
`,
    },
    'shared/key': {
      'shared/key/main.tf': `variable "user" {}
resource "aws_iam_access_key" "k" { user = var.user }
output "id" { value = aws_iam_access_key.k.id }
`,
    },
  }
  const main = `variable "project" { default = "acme" }
module "build_user" {
  source   = "./modules/build-user"
  for_each = toset(["ci"])
  name     = "\${var.project}-\${each.key}"
}
module "registry" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-user"
  version = "5.0.0"
  name    = "\${var.project}-reg"
}
resource "t" "t" {
  user    = module.build_user["ci"].user_name
  key     = module.build_user["ci"].key_id
  outside = module.registry.iam_user_name
}
`

  test("when local modules are called, then their resources are read with module addresses and the caller's provenance", () => {
    const config = load(main, { modules })
    assert.deepEqual(
      config.resources.map((r) => [r.address, r.modulePath]),
      [
        ['t.t', []],
        ['module.build_user["ci"].aws_iam_user.this', ['build_user']],
        ['module.build_user["ci"].module.key.aws_iam_access_key.k', ['build_user', 'key']],
      ],
    )
    const user = attribute(config, 'module.build_user["ci"].aws_iam_user.this', 'name')
    assert.equal(show(user), '{var.project=acme}-ci')
    assert.equal(
      at(resource(config, 'module.build_user["ci"].aws_iam_user.this').loc),
      'modules/build-user/main.tf:3',
    )
    assert.equal(
      show(attribute(config, 'module.build_user["ci"].module.key.aws_iam_access_key.k', 'user')),
      '{var.project=acme}-ci',
    )
  })

  test('when outputs are referenced, then they evaluate in the module', () => {
    const config = load(main, { modules })
    assert.equal(show(attribute(config, 't.t', 'user')), '{var.project=acme}-ci')
    assert.equal(
      show(attribute(config, 't.t', 'key')),
      '{attr module.build_user["ci"].module.key.aws_iam_access_key.k id}',
    )
    assert.match(
      String(show(attribute(config, 't.t', 'outside'))),
      /^unknown: module\.registry comes from "terraform-aws-modules/,
    )
  })

  test('when module calls are recorded, then non-local ones are not followed but keep their inputs', () => {
    const config = load(main, { modules })
    assert.deepEqual(
      config.modules.map((m) => [m.address, m.followed, [...m.inputs.attributes.keys()]]),
      [
        ['module.build_user["ci"]', true, ['name']],
        ['module.registry', false, ['name']],
        ['module.build_user["ci"].module.key', true, ['user']],
      ],
    )
    assert.equal(
      show(config.modules[1]?.inputs.attributes.get('name')?.value ?? { kind: 'null' }),
      '{var.project=acme}-reg',
    )
    assert.deepEqual(config.problems, [])
  })

  test("when a local module's directory has no files, then a problem says so and the call is not followed", () => {
    const config = load('module "gone" {\n  source = "./modules/gone"\n}\n')
    assert.deepEqual(
      config.modules.map((m) => m.followed),
      [false],
    )
    assert.deepEqual(
      config.problems.map((p) => [at(p.loc), p.message]),
      [['main.tf:2', 'module.gone: no Terraform files found in modules/gone']],
    )
  })
})

describe('given other blocks and problems', () => {
  test('when providers are configured, then they are listed with their alias', () => {
    const config = load(
      'provider "aws" { region = "eu-west-1" }\nprovider "aws" {\n  alias  = "us"\n  region = "us-east-1"\n}\n',
    )
    assert.deepEqual(
      config.providers.map((p) => [
        p.name,
        p.alias,
        show(p.body.attributes.get('region')?.value ?? { kind: 'null' }),
      ]),
      [
        ['aws', undefined, 'eu-west-1'],
        ['aws', 'us', 'us-east-1'],
      ],
    )
  })

  test('when files have syntax errors, cycles and unknown block types, then each is a problem at its file:line', () => {
    const config = load({
      'a.tf':
        'terraform {}\nmoved {\n  from = a.b\n  to = a.c\n}\nlocals {\n  x = local.y\n  y = local.x\n}\nresource "t" "t" { v = local.x }\n',
      'b.tf': 'locals {\n  broken = [1, 2\n}\n',
      'c.tf': 'weird "x" {}\n',
    })
    assert.deepEqual(
      config.problems.map((p) => [p.severity, at(p.loc)]),
      [
        ['error', 'a.tf:8'],
        ['error', 'b.tf:3'],
        ['warning', 'c.tf:1'],
      ],
    )
    assert.match(config.problems[0]?.message ?? '', /^cycle: local\.x → local\.y → local\.x$/)
  })

  test('when the caller computes an attribute, then its value is used with the origin set', () => {
    const computed = (): TfValue => ({
      kind: 'string',
      segments: [{ kind: 'builtin', name: 'account' }],
    })
    const config = load(
      'data "aws_caller_identity" "me" {}\nresource "t" "t" { v = data.aws_caller_identity.me.account_id }\n',
      { computed },
    )
    const value = attribute(config, 't.t', 'v')
    assert.equal(show(value), '{builtin account}')
    assert.deepEqual('origin' in value ? value.origin : undefined, {
      address: 'data.aws_caller_identity.me',
      attribute: 'account_id',
    })
  })
})
