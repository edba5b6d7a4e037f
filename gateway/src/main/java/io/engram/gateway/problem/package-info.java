/** RFC 9457 problem documents for every error the gateway answers itself. */
package io.engram.gateway.problem;
