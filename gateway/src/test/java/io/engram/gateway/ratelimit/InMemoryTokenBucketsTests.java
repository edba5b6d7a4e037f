package io.engram.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class InMemoryTokenBucketsTests {

  final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  final InMemoryTokenBuckets buckets = new InMemoryTokenBuckets(nanos::get);
  final RateLimitProperties.Limit tenant = new RateLimitProperties.Limit(2, 4);
  final RateLimitProperties.Limit generous = new RateLimitProperties.Limit(100, 100);

  @Test
  void whenBurstIsSpentThenRefusedWithRetryAfterUntilOneTokenIsBack() {
    for (int i = 0; i < tenant.burst(); i++) {
      Decision d = buckets.takeNow("t1", tenant, "k1", generous);
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(tenant.burst() - 1 - i);
      assertThat(d.limit()).isEqualTo(tenant.burst());
    }
    Decision refused = buckets.takeNow("t1", tenant, "k1", generous);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    assertThat(refused.resetSeconds()).isEqualTo((long) Math.ceil(tenant.burst() / tenant.requestsPerSecond()));

    nanos.addAndGet(500_000_000L); // half a second at 2/s: one token back
    assertThat(buckets.takeNow("t1", tenant, "k1", generous).allowed()).isTrue();
    assertThat(buckets.takeNow("t1", tenant, "k1", generous).allowed()).isFalse();
  }

  @Test
  void whenKeyBucketIsEmptyThenTenantBucketIsNotCharged() {
    RateLimitProperties.Limit oneShot = new RateLimitProperties.Limit(0.001, 1);
    assertThat(buckets.takeNow("t2", tenant, "busy", oneShot).allowed()).isTrue();
    for (int i = 0; i < 10; i++) {
      assertThat(buckets.takeNow("t2", tenant, "busy", oneShot).allowed()).isFalse();
    }
    // the refused requests took nothing from the tenant: 3 of its 4 tokens are left for another key
    assertThat(buckets.takeNow("t2", tenant, "other", generous).remaining()).isEqualTo(2);
  }

  @Test
  void tenantsDoNotShareBuckets() {
    for (int i = 0; i < tenant.burst(); i++) {
      buckets.takeNow("a", tenant, "ka", generous);
    }
    assertThat(buckets.takeNow("a", tenant, "ka", generous).allowed()).isFalse();
    assertThat(buckets.takeNow("b", tenant, "kb", generous).allowed()).isTrue();
  }

  @Test
  void illegalLimitsAreRejectedWithTheValue() {
    assertThatThrownBy(() -> new RateLimitProperties.Limit(0, 1)).hasMessageContaining("0.0");
    assertThatThrownBy(() -> new RateLimitProperties.Limit(1, 0)).hasMessageContaining("burst 0");
  }
}
