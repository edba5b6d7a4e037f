package io.engram.text.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs tokenized texts through a BERT-style ONNX session as one padded batch: input ids, attention mask
 * and (when the model takes them) token type ids, each padded to the longest row. Shared by the
 * embedding model and the cross-encoder reranker, which differ only in which output they read and how.
 */
public final class BertBatch {

  private BertBatch() {
  }

  /** Reads the model's output; {@code mask} is the padded attention mask, row-major, {@code length} wide. */
  @FunctionalInterface
  public interface OutputReader<T> {
    T read(OnnxTensor output, long[] mask, int length) throws OrtException;
  }

  /** Runs {@code rows} as one batch and hands the first output to {@code reader}; every tensor is closed after. */
  public static <T> T run(OrtSession session, List<Encoding> rows, OutputReader<T> reader) throws OrtException {
    return run(session, rows, session.getOutputNames().iterator().next(), reader);
  }

  /** Runs {@code rows} as one batch and hands the output named {@code output} to {@code reader}. */
  public static <T> T run(OrtSession session, List<Encoding> rows, String output, OutputReader<T> reader) throws OrtException {
    int length = 0;
    for (Encoding row : rows) {
      length = Math.max(length, row.getIds().length);
    }
    int count = rows.size();
    long[] ids = new long[count * length];
    long[] mask = new long[count * length];
    long[] types = new long[count * length];
    for (int r = 0; r < count; r++) {
      Encoding row = rows.get(r);
      System.arraycopy(row.getIds(), 0, ids, r * length, row.getIds().length);
      System.arraycopy(row.getAttentionMask(), 0, mask, r * length, row.getAttentionMask().length);
      System.arraycopy(row.getTypeIds(), 0, types, r * length, row.getTypeIds().length);
    }
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    long[] shape = {count, length};
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape));
      inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape));
      if (session.getInputNames().contains("token_type_ids")) {
        inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape));
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
        return reader.read((OnnxTensor) result.get(0), mask, length);
      }
    } finally {
      inputs.values().forEach(OnnxTensor::close);
    }
  }
}
