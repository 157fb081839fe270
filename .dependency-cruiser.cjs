// @ts-check
/**
 * The architecture's rules (DESIGN.md "Layout"), checked in `npm run lint`:
 * no cycles (type-only imports included), the domain never imports adapters, a module is entered only
 * through its index.ts, the kernel depends on no module, and Lambda handlers never import the CDK app.
 * Known violations (.dependency-cruiser-known-violations.json) are debt being paid down: a new one fails.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two files one unit: neither can be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-not-to-adapters',
      severity: 'error',
      comment: "A module's domain and use cases depend on ports, never on an adapter (DynamoDB, SES, in-memory).",
      // The door (index.ts) exports the adapters for the composition roots (handlers' deps, the local stack).
      from: { path: '^shared/[^/]+/', pathNot: ['^shared/[^/]+/adapters/', '^shared/[^/]+/index\\.ts$'] },
      to: { path: '^shared/[^/]+/adapters/' },
    },
    {
      name: 'module-through-its-door',
      severity: 'error',
      comment: "Another module is used only through its index.ts, so its internals can change freely.",
      from: { path: '^shared/([^/]+)/' },
      to: { path: '^shared/[^/]+/', pathNot: ['^shared/$1/', '^shared/[^/]+/index\\.ts$'] },
    },
    {
      name: 'edges-through-the-door',
      severity: 'error',
      comment: 'Handlers, the local stack, the CLI and benchmarks use a module through its index.ts.',
      from: { path: '^(functions|local|cli|bench|wiring|infra)/' },
      to: { path: '^shared/[^/]+/', pathNot: '^shared/[^/]+/index\\.ts$' },
    },
    {
      name: 'kernel-depends-on-no-module',
      severity: 'error',
      comment: 'The kernel (money, calendar, errors, tenancy, signed links, storage helpers) is what every module shares.',
      from: { path: '^shared/kernel/' },
      to: { path: '^shared/', pathNot: '^shared/kernel/' },
    },
    {
      name: 'shared-stays-inside',
      severity: 'error',
      comment: 'The modules know nothing of handlers, the CDK app, the wiring, the local stack, tests or benchmarks.',
      from: { path: '^shared/' },
      to: { path: '^(functions|infra|wiring|local|test|bench|cli)/' },
    },
    {
      name: 'functions-not-to-infra',
      severity: 'error',
      comment: 'A Lambda bundle must not pull in the CDK app: shared deployment facts live in wiring/.',
      from: { path: '^functions/' },
      to: { path: '^infra/' },
    },
    {
      name: 'wiring-is-cdk-free',
      severity: 'error',
      comment: 'wiring/ is read by the Lambdas and the local stack too: no aws-cdk-lib, no constructs.',
      from: { path: '^wiring/' },
      to: { path: '(^infra/|node_modules/(aws-cdk-lib|constructs)/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|cdk\\.out|\\.local-data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
