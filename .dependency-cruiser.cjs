/**
 * The dependency rule: arrows point inward, adapters → application (inbox, outbox, jobs, use cases)
 * → domain, in every folder, and no import circles (type-only imports count: they are dependencies
 * of the design even when the compiler erases them). `npm run lint` checks it.
 */
const layer = (name, from, forbidden) => ({
  name,
  severity: 'error',
  from: { path: from },
  to: { path: forbidden },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    layer('domain-is-pure', '^src/domain/', '^src/(?!domain/)|^node_modules/(mongoose|mongodb|@slack|handlebars|dotenv)/'),
    layer('use-cases-know-only-the-domain', '^src/usecases/', '^src/(db|slack|inbox|outbox|jobs|render|cli)/|^src/(bot|main|config|logger)\\.ts$|^node_modules/(mongoose|mongodb|@slack)/'),
    layer('write-path-owns-its-ports', '^src/(inbox|outbox|jobs)/', '^src/(db|slack|render|cli)/|^src/(bot|main)\\.ts$|^node_modules/(mongoose|mongodb|@slack)/'),
    layer('database-adapter-knows-no-slack', '^src/db/', '^src/(slack|render|cli)/|^src/(bot|main)\\.ts$|^node_modules/@slack/'),
    layer('slack-adapter-knows-no-database', '^src/slack/', '^src/(db|render|cli)/|^src/(bot|main)\\.ts$|^node_modules/(mongoose|mongodb)/'),
    // The local Slack is Slack: it knows nothing of the bot. The playground is the local Slack with a page in
    // front: it knows nothing of the bot either. Only the composition root (main.ts) puts them together.
    layer('local-slack-stands-alone', '^src/localSlack/', '^src/(?!localSlack/)'),
    layer('playground-knows-only-the-local-slack', '^src/playground/', '^src/(?!playground/|localSlack/)'),
    layer('the-bot-knows-no-playground', '^src/(?!playground/|localSlack/|main\\.ts$)', '^src/(playground|localSlack)/'),
    layer('render-knows-only-the-domain', '^src/render/', '^src/(db|slack|inbox|outbox|jobs|usecases|cli)/|^src/(bot|main)\\.ts$'),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(test|scripts|dist)/' },
  },
};
