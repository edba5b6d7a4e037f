package io.engram.text.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * Opens an ONNX model as Engram runs it, for the embedding model and the cross-encoder alike: an onnxruntime
 * session with every graph optimization and, when given a thread count, that many intra-op threads waiting
 * without spinning.
 */
public final class OnnxFiles {

  private OnnxFiles() {
  }

  /**
   * A session of {@code model} (the bytes of an {@code .onnx} file) with every graph optimization.
   *
   * @param threads intra-op threads, with blocking (not spinning) waits; 0 keeps onnxruntime's defaults
   */
  public static OrtSession session(byte[] model, int threads) throws OrtException {
    return OrtEnvironment.getEnvironment().createSession(model, options(threads));
  }

  /**
   * A session of the {@code .onnx} file at {@code model} (read by onnxruntime itself, so that weights kept in
   * external data files beside it load too), as {@link #session(byte[], int)}.
   */
  public static OrtSession session(Path model, int threads) throws OrtException {
    return OrtEnvironment.getEnvironment().createSession(model.toString(), options(threads));
  }

  private static OrtSession.SessionOptions options(int threads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (threads > 0) {
      options.setIntraOpNumThreads(threads);
      // spinning worker threads burn the CPU share they wait with; on shared machines (CI, pods with
      // CPU limits, other services on the node) blocking waits leave it to the threads doing the work
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
    }
    return options;
  }
}
