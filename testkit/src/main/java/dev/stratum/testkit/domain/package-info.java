/**
 * The test domain of the {@link dev.stratum.testkit.RepositoryCompatibilityKit}: entities modelled on
 * two real services, a task tracker ({@link dev.stratum.testkit.domain.User},
 * {@link dev.stratum.testkit.domain.Task}) and infrastructure monitoring
 * ({@link dev.stratum.testkit.domain.Asset}, {@link dev.stratum.testkit.domain.Metric}), plus
 * {@link dev.stratum.testkit.domain.AllTypes}, which holds every supported value type.
 *
 * <p>Records and one POJO ({@link dev.stratum.testkit.domain.User}) are both covered. Every field the
 * kit filters or sorts on in its generic groups is declared {@link dev.stratum.api.Indexed}, so that
 * index-only stores (Redis) can run the whole kit; {@code Task.title} is deliberately left unindexed
 * for the capability checks. Collections are prefixed {@code kit_} so the kit never touches
 * application data. {@link dev.stratum.testkit.domain.KitDomain#entityTypes()} lists them.
 */
@NullMarked
package dev.stratum.testkit.domain;

import org.jspecify.annotations.NullMarked;
