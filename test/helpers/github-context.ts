/**
 * A context's GitHub entries in config YAML (indented for a context entry), aimed at a fake
 * GitHub: the deploy history of acme/shop's production deployments (service shop read as
 * checkout) and its rollback workflow, both with the token from GH_TOKEN.
 */

/** The `deploys:` block; `timeout` as the config spells it (omitted: the default). */
export function githubDeploysYaml(url: string, timeout?: string): string {
  return `    deploys:
      provider: github
      apiUrl: ${url}
      repo: acme/shop
      environment: production
      services: {shop: checkout}
      tokenEnv: GH_TOKEN
${timeout ? `      timeout: ${timeout}\n` : ''}`;
}

/** The `rollback:` block dispatching rollback.yml with the service, version and environment. */
export function githubRollbackYaml(url: string, timeout?: string): string {
  return `    rollback:
      provider: github-actions
      apiUrl: ${url}
      repo: acme/shop
      workflow: rollback.yml
      inputs: {service: '{{service}}', version: '{{version}}', environment: '{{environment}}'}
      tokenEnv: GH_TOKEN
${timeout ? `      timeout: ${timeout}\n` : ''}`;
}
