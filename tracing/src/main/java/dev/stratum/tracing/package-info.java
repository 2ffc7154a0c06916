/**
 * OpenTelemetry tracing and metrics for any {@link dev.stratum.api.Repository}, on the OpenTelemetry
 * API only (a no-op unless an SDK is installed), following the stable database semantic conventions.
 * Start from {@link dev.stratum.api.Repositories#decorate(dev.stratum.api.Repository)} and
 * {@link dev.stratum.tracing.TracingConfig}.
 */
@NullMarked
package dev.stratum.tracing;

import org.jspecify.annotations.NullMarked;
