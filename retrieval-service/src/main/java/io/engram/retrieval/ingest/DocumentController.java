package io.engram.retrieval.ingest;

import io.engram.retrieval.chunking.SourceFormat;
import io.engram.support.identity.InternalIdentity;
import io.engram.support.web.ProblemException;
import io.engram.support.web.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Ingestion endpoints: documents in (JSON or files), jobs out, documents removed. */
@RestController
@Tag(name = "documents")
class DocumentController {

  private final IngestionJobs jobs;

  DocumentController(IngestionJobs jobs) {
    this.jobs = jobs;
  }

  @PostMapping(path = "/v1/collections/{collection}/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(operationId = "ingestDocuments", summary = "Ingest a batch of documents (JSON) or upload files (multipart)", description = "Returns a job; a document that is invalid on its own fails alone and is listed in the job's errors")
  Accepted ingest(InternalIdentity identity, @PathVariable String collection, @RequestBody DocumentBatch batch,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    if (batch == null || batch.documents() == null) {
      throw ProblemException.badRequest("no-documents", "The body must be {\"documents\": [...]}.");
    }
    List<DocumentInput> inputs = batch.documents().stream()
        .map(d -> d == null ? new DocumentInput(null, null, null, null, SourceFormat.TEXT)
            : new DocumentInput(d.id(), d.title(), d.text(), d.metadata(), d.format() == null ? SourceFormat.TEXT : format(d.format())))
        .toList();
    return Accepted.of(jobs.submit(identity.tenantId(), collection, inputs, idempotencyKey));
  }

  @PostMapping(path = "/v1/collections/{collection}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(operationId = "ingestDocuments", summary = "Upload files (txt, md, html, pdf)",
      description = "Each file becomes one document whose id is the file name",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
          mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = FileUpload.class))))
  Accepted upload(InternalIdentity identity, @PathVariable String collection,
      @Parameter(hidden = true) @RequestParam MultiValueMap<String, MultipartFile> files,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    List<DocumentInput> inputs = new ArrayList<>();
    for (List<MultipartFile> parts : files.values()) {
      for (MultipartFile file : parts) {
        try {
          inputs.add(FileReaders.read(file.getOriginalFilename(), file.getBytes()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return Accepted.of(jobs.submit(identity.tenantId(), collection, inputs, idempotencyKey));
  }

  @DeleteMapping("/v1/collections/{collection}/documents/{documentId}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(operationId = "deleteDocument", summary = "Remove a document with its chunks and postings")
  ResponseEntity<Void> delete(InternalIdentity identity, @PathVariable String collection, @PathVariable String documentId) {
    Scopes.require(identity, InternalIdentity.SCOPE_WRITE);
    jobs.deleteDocument(identity.tenantId(), collection, documentId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/v1/jobs/{jobId}")
  @Operation(operationId = "getIngestionJob", summary = "State, counts, progress and per-document errors of an ingestion job")
  JobView job(InternalIdentity identity, @PathVariable String jobId) {
    Scopes.require(identity, InternalIdentity.SCOPE_READ);
    UUID id;
    try {
      id = UUID.fromString(jobId);
    } catch (IllegalArgumentException e) {
      throw jobNotFound(jobId);
    }
    return jobs.view(identity.tenantId(), id).orElseThrow(() -> jobNotFound(jobId));
  }

  private static ProblemException jobNotFound(String jobId) {
    return ProblemException.notFound("job-not-found", "No ingestion job '" + jobId + "'.");
  }

  private static SourceFormat format(String code) {
    try {
      return SourceFormat.of(code);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("unknown-format", "format is one of text, markdown, html.");
    }
  }

  /** Body of a JSON ingestion request. */
  @Schema(description = "A batch of documents to ingest as one job.")
  record DocumentBatch(
      @ArraySchema(arraySchema = @Schema(description = "The documents, at least one and at most"
          + " engram.retrieval.ingest.max-documents-per-request (10000 by default); a document with the id of a stored"
          + " one replaces it.", requiredMode = Schema.RequiredMode.REQUIRED), minItems = 1)
      List<DocumentPayload> documents) {
  }

  /** One document in a JSON ingestion request; {@code format} is text (default), markdown or html. */
  @Schema(description = "One document; one that is invalid on its own fails alone and is listed in the job's errors.")
  record DocumentPayload(
      @Schema(description = "The document's id in the collection, not blank, at most 512 characters.",
          requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 512, example = "guide-2024.md")
      String id,
      @Schema(description = "The document's title, shown with its hits.") String title,
      @Schema(description = "The document's text, not blank.", requiredMode = Schema.RequiredMode.REQUIRED)
      String text,
      @Schema(description = "A JSON object of metadata the search filter can match on.",
          example = "{\"lang\": \"en\", \"year\": 2024}")
      Object metadata,
      // described, not an enum: the server takes any letter case
      @Schema(description = "How the text is written: text, markdown or html (any letter case). Default: text.",
          defaultValue = "text")
      String format) {
  }

  /** The multipart form of an upload, as documented: any number of parts named {@code files}. */
  @Schema(name = "FileUpload")
  record FileUpload(@ArraySchema(arraySchema = @Schema(description = "The files (txt, md, html, pdf); each becomes one"
      + " document whose id is the file name."), schema = @Schema(type = "string", format = "binary")) List<String> files) {
  }

  /** The 202 answer: where to follow the job. */
  @Schema(name = "IngestionAccepted")
  record Accepted(
      @Schema(description = "The ingestion job's id; follow it at /v1/jobs/{jobId}.") UUID jobId,
      @Schema(description = "The job's state: queued, running, succeeded or failed.") String state,
      @Schema(description = "How many documents the job holds.") int total,
      @Schema(description = "How many documents already failed (invalid on their own).") int failed) {
    static Accepted of(JobView job) {
      return new Accepted(job.jobId(), job.state(), job.total(), job.failed());
    }
  }
}
