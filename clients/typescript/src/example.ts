// A first call through the gateway: create a collection, ingest a document, wait for the ingestion job,
// search. Reads ENGRAM_GATEWAY_URL (or GATEWAY_URL) and ENGRAM_API_KEY (a key with read and write),
// as `scripts/up` writes them to .engram/local.env. Prints the search result as one JSON line.
import { CollectionsApi, DocumentsApi, ResponseError, SearchApi, engramConfiguration } from './index';

async function main(): Promise<void> {
  const baseUrl = process.env.ENGRAM_GATEWAY_URL ?? process.env.GATEWAY_URL ?? 'http://localhost:8080';
  const apiKey = process.env.ENGRAM_API_KEY;
  if (!apiKey) {
    throw new Error('set ENGRAM_API_KEY (source .engram/local.env after scripts/up)');
  }
  const config = engramConfiguration(baseUrl, apiKey);
  const collections = new CollectionsApi(config);
  const documents = new DocumentsApi(config);
  const search = new SearchApi(config);

  const name = process.env.ENGRAM_COLLECTION ?? `ts-example-${Date.now().toString(36)}`;
  await collections.createCollection({ createCollection: { name, language: 'en' } });
  const accepted = await documents.ingestDocuments({
    collection: name,
    documentBatch: {
      documents: [
        { id: 'deploys', title: 'Deploys', text: 'Production deploys are frozen on Fridays. Hotfixes need approval from two reviewers.' },
        { id: 'oncall', title: 'On-call', text: 'The on-call engineer is paged through Opsgenie.' },
      ],
    },
  });
  let job = await documents.getIngestionJob({ jobId: accepted.jobId! });
  const deadline = Date.now() + 120_000;
  while (job.state !== 'succeeded' && job.state !== 'failed' && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    job = await documents.getIngestionJob({ jobId: accepted.jobId! });
  }
  if (job.state !== 'succeeded') {
    throw new Error(`ingestion job ${accepted.jobId} ended ${job.state}: ${JSON.stringify(job.errors)}`);
  }
  const result = await search.searchCollection({
    collection: name,
    searchRequest: { query: 'Who approves hotfixes?', topK: 3 },
  });
  console.log(JSON.stringify({ collection: name, hits: result.hits?.map((h) => ({ documentId: h.documentId, score: h.score })) }));
}

main().catch(async (e: unknown) => {
  if (e instanceof ResponseError) {
    // an RFC 9457 problem document
    console.error(e.response.status, await e.response.text());
  } else {
    console.error(e);
  }
  process.exit(1);
});
