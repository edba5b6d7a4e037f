package io.engram.support.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityCodecTests {

  static final String SECRET = "unit-test-secret-0123456789";
  final Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
  final IdentityCodec codec = new IdentityCodec(SECRET, clock);

  @Test
  void whenSignedThenVerifiesToSameTenantAndScopes() {
    String token = codec.sign("acme", Set.of("read", "write"), Duration.ofMinutes(5));
    InternalIdentity identity = codec.verify(token).orElseThrow();
    assertThat(identity.tenantId()).isEqualTo("acme");
    assertThat(identity.scopes()).containsExactlyInAnyOrder("read", "write");
    assertThat(identity.expiresAt()).isEqualTo(clock.instant().plusSeconds(300));
  }

  @Test
  void whenAnyPartIsChangedThenVerificationFails() {
    String token = codec.sign("acme", Set.of("read"), Duration.ofMinutes(5));
    assertThat(codec.verify(token.replace("acme", "acmf"))).isEmpty();
    assertThat(codec.verify(token.replace(".read.", ".admin."))).isEmpty();
    assertThat(codec.verify(token.substring(0, token.length() - 2))).isEmpty();
    assertThat(new IdentityCodec("another-secret-0123456789", clock).verify(token)).isEmpty();
  }

  @Test
  void whenExpiredThenVerificationFails() {
    String token = codec.sign("acme", Set.of("read"), Duration.ofSeconds(10));
    IdentityCodec later = new IdentityCodec(SECRET, Clock.offset(clock, Duration.ofSeconds(11)));
    assertThat(later.verify(token)).isEmpty();
  }

  @Test
  void whenTokenIsGarbageThenEmptyNotException() {
    for (String garbage : new String[] {null, "", ".", "v1", "v1.a.b.c.d", "v1.acme.read.notanumber.AAAA", "%%%.%%%",
        "v1.acme.read.1.!!!"}) {
      assertThat(codec.verify(garbage)).as(String.valueOf(garbage)).isEmpty();
    }
  }

  @Test
  void whenTenantIdIsUnsafeThenRejected() {
    assertThatThrownBy(() -> codec.sign("a.b/../c d", Set.of("read"), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("illegal tenant id");
  }

  @Test
  void whenSecretIsShortThenRejected() {
    assertThatThrownBy(() -> new IdentityCodec("short")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adminScopeImpliesTheOthers() {
    InternalIdentity admin = new InternalIdentity("acme", Set.of("admin"), clock.instant());
    assertThat(admin.hasScope("read")).isTrue();
    assertThat(new InternalIdentity("acme", Set.of("read"), clock.instant()).hasScope("write")).isFalse();
  }
}
