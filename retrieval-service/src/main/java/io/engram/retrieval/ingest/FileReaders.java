package io.engram.retrieval.ingest;

import io.engram.retrieval.chunking.SourceFormat;
import io.engram.support.web.ProblemException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.ai.document.Document;
import org.springframework.ai.reader.pdf.PagePdfDocumentReader;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatus;

/**
 * Reads uploaded files into {@link DocumentInput}s: txt, md and html are decoded as strict UTF-8 (a file
 * that is not valid UTF-8 is a 400 problem, not mojibake in the index) and keep their format for
 * structure-aware chunking; PDFs are read page by page with Spring AI's PagePdfDocumentReader (PDFBox).
 * Anything else is a 415 problem.
 */
final class FileReaders {

  private FileReaders() {
  }

  static DocumentInput read(String fileName, byte[] content) {
    String name = fileName == null || fileName.isBlank() ? "upload" : fileName;
    String title = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    if (name.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
      return new DocumentInput(name, title, pdf(name, content), null, SourceFormat.TEXT);
    }
    SourceFormat format = SourceFormat.forFileName(name).orElseThrow(() -> new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-file-type", "Unsupported file type",
        "File '" + name + "' is not one of .txt, .md, .markdown, .html, .htm, .pdf."));
    return new DocumentInput(name, title, utf8(name, content), null, format);
  }

  static String utf8(String name, byte[] content) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
    } catch (CharacterCodingException e) {
      throw ProblemException.badRequest("invalid-encoding", "File '" + name + "' is not valid UTF-8.");
    }
  }

  private static String pdf(String name, byte[] content) {
    try {
      List<Document> pages = new PagePdfDocumentReader(new ByteArrayResource(content) {
        @Override
        public String getFilename() {
          return name;
        }
      }).get();
      // PDFBox keeps the layout's runs of spaces; they carry no meaning for retrieval
      return pages.stream().map(Document::getText).filter(t -> t != null && !t.isBlank())
          .map(t -> t.replaceAll("[ \\t\\x0B\\f]+", " ").replaceAll(" *\\n *", "\n").strip())
          .collect(Collectors.joining("\n\n"));
    } catch (RuntimeException e) {
      throw ProblemException.badRequest("unreadable-file", "File '" + name + "' could not be read as PDF.");
    }
  }
}
