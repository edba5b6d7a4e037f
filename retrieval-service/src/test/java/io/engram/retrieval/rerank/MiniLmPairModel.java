package io.engram.retrieval.rerank;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real ONNX cross-encoder for tests, since no trained one ships in a Maven artifact: the bundled
 * all-MiniLM-L6-v2 encoder (f32: the quantized one's activation scales depend on the whole batch) reads the (query, passage) pair jointly, as a cross-encoder does, and a head
 * added to its graph outputs {@code logits} = cosine(mean of the query segment's token states, mean of
 * the passage segment's), one per pair. It ranks by meaning without being trained for ranking, which is
 * all the reranker's tests need: pair tokenization, padding of a batch, reading {@code logits} among
 * several outputs, and ordering by them.
 *
 * <p>The head is written as protobuf by hand: an ONNX file is a {@code ModelProto}, and a second
 * {@code graph} field appended to it is merged into the first by every protobuf parser (repeated fields
 * such as nodes and outputs are concatenated). The model's opset is 11, so axes are attributes.
 */
public final class MiniLmPairModel {

  private static final String HIDDEN = "last_hidden_state";

  private MiniLmPairModel() {
  }

  /** Writes {@code model.onnx} and {@code tokenizer.json} into {@code directory} and returns it. */
  public static Path writeTo(Path directory) {
    try {
      Files.write(directory.resolve("model.onnx"), concat(resource("all-minilm-l6-v2.onnx"), field(7, head())));
      Files.write(directory.resolve("tokenizer.json"), resource("all-minilm-l6-v2-tokenizer.json"));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The nodes from the encoder's inputs and hidden states to {@code logits} [batch], and that output. */
  private static byte[] head() {
    List<byte[]> nodes = List.of(
        node("Cast", List.of("attention_mask"), "pair_mask", intAttribute("to", 1)),
        node("Cast", List.of("token_type_ids"), "pair_types", intAttribute("to", 1)),
        node("Mul", List.of("pair_mask", "pair_types"), "passage_mask"),
        node("Sub", List.of("pair_mask", "passage_mask"), "query_mask"),
        node("Unsqueeze", List.of("query_mask"), "query_row", intsAttribute("axes", 1)),
        node("Unsqueeze", List.of("passage_mask"), "passage_row", intsAttribute("axes", 1)),
        node("MatMul", List.of("query_row", HIDDEN), "query_sum"),
        node("MatMul", List.of("passage_row", HIDDEN), "passage_sum"),
        node("Mul", List.of("query_sum", "passage_sum"), "products"),
        node("Mul", List.of("query_sum", "query_sum"), "query_squares"),
        node("Mul", List.of("passage_sum", "passage_sum"), "passage_squares"),
        node("ReduceSum", List.of("products"), "dot", intsAttribute("axes", 1, 2), intAttribute("keepdims", 0)),
        node("ReduceSum", List.of("query_squares"), "query_norm2", intsAttribute("axes", 1, 2), intAttribute("keepdims", 0)),
        node("ReduceSum", List.of("passage_squares"), "passage_norm2", intsAttribute("axes", 1, 2), intAttribute("keepdims", 0)),
        node("Mul", List.of("query_norm2", "passage_norm2"), "norms2"),
        node("Sqrt", List.of("norms2"), "norms"),
        node("Div", List.of("dot", "norms"), CrossEncoderReranker.LOGITS));
    ByteArrayOutputStream graph = new ByteArrayOutputStream();
    nodes.forEach(node -> graph.writeBytes(field(1, node)));
    byte[] batchDim = field(2, text("batch_size"));
    byte[] tensorType = concat(varintField(1, 1), field(2, field(1, batchDim))); // float, shape [batch_size]
    graph.writeBytes(field(12, concat(field(1, text(CrossEncoderReranker.LOGITS)), field(2, field(1, tensorType)))));
    return graph.toByteArray();
  }

  private static byte[] node(String op, List<String> inputs, String output, byte[]... attributes) {
    ByteArrayOutputStream node = new ByteArrayOutputStream();
    inputs.forEach(input -> node.writeBytes(field(1, text(input))));
    node.writeBytes(field(2, text(output)));
    node.writeBytes(field(3, text("pair_" + output)));
    node.writeBytes(field(4, text(op)));
    for (byte[] attribute : attributes) {
      node.writeBytes(field(5, attribute));
    }
    return node.toByteArray();
  }

  private static byte[] intAttribute(String name, long value) {
    return concat(field(1, text(name)), varintField(3, value), varintField(20, 2));
  }

  private static byte[] intsAttribute(String name, long... values) {
    ByteArrayOutputStream attribute = new ByteArrayOutputStream();
    attribute.writeBytes(field(1, text(name)));
    for (long value : values) {
      attribute.writeBytes(varintField(8, value));
    }
    attribute.writeBytes(varintField(20, 7));
    return attribute.toByteArray();
  }

  private static byte[] field(int number, byte[] value) {
    return concat(varint((long) number << 3 | 2), varint(value.length), value);
  }

  private static byte[] varintField(int number, long value) {
    return concat(varint((long) number << 3), varint(value));
  }

  private static byte[] varint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7fL) != 0) {
      out.write((int) (value & 0x7f | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  private static byte[] text(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = MiniLmPairModel.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is not on the test class path");
      }
      return in.readAllBytes();
    }
  }
}
