package io.engram.gateway.problem;

import io.engram.support.web.Problems;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the bare, empty error answers that Netty and Spring's adapter give before any filter runs (a
 * request line Netty cannot decode, a URI Java cannot parse, headers or a URI too long: 400, 414, 431)
 * into problem documents too, so that no client ever gets an error without a problem body.
 */
@Component
class ProtocolErrorProblems implements NettyServerCustomizer {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Override
  public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
    return server.doOnChannelInit((observer, channel, remote) -> {
      if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "engramProblemBodies", new Rewriter());
      }
    });
  }

  private static final class Rewriter extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      if (msg instanceof FullHttpResponse response && response.status().code() >= 400
          && !response.content().isReadable() && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)) {
        HttpStatus status = HttpStatus.resolve(response.status().code());
        ProblemDetail problem = Problems.of(status == null ? HttpStatus.BAD_REQUEST : status,
            Problems.slugFor(response.status().code()), response.status().reasonPhrase(),
            "The request could not be read as HTTP: check the request line, the URI's percent-encoding and the header sizes.");
        ByteBuf body = Unpooled.wrappedBuffer(JSON.writeValueAsString(Problems.toMap(problem)).getBytes(StandardCharsets.UTF_8));
        FullHttpResponse rewritten = new DefaultFullHttpResponse(response.protocolVersion(), response.status(), body,
            response.headers().copy(), response.trailingHeaders().copy());
        rewritten.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        rewritten.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        response.release();
        super.write(ctx, rewritten, promise);
        return;
      }
      super.write(ctx, msg, promise);
    }
  }
}
