package sparkwise.search;

import io.jenetics.Alterer;
import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.GaussianMutator;
import io.jenetics.Genotype;
import io.jenetics.Optimize;
import io.jenetics.Phenotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import sparkwise.Task;
import sparkwise.models.Dimension;
import sparkwise.models.ModelFamily;
import sparkwise.Candidate;
import sparkwise.TrialResult;

/**
 * A steady-state genetic search on Jenetics' operators. The population is the {@link #POPULATION}
 * best finished trials (elitism: the best are never lost); each proposal is a child of two parents
 * chosen by tournament (size 3), bred by uniform crossover and Gaussian mutation. A genotype is the
 * family's position and the unit-scaled hyperparameters. Every family starts with its default and
 * the first trials are random. A pure function of (seed, seq, history), so resumable.
 */
public final class GeneticStrategy implements SearchStrategy {
  static final int POPULATION = 10;
  static final int RANDOM_START = 4;

  private final List<ModelFamily> families;
  private final Task task;
  private final long seed;
  private final boolean largerIsBetter;
  private final int genes;

  public GeneticStrategy(List<ModelFamily> families, Task task, long seed, boolean largerIsBetter) {
    this.families = families;
    this.task = task;
    this.seed = seed;
    this.largerIsBetter = largerIsBetter;
    this.genes = 1 + families.stream().mapToInt(f -> f.space(task).size()).max().orElse(0);
  }

  @Override
  public Optional<Candidate> propose(int seq, List<TrialResult> history) {
    Random r = new Random(seed * 1_000_003L + seq * 104_729L + 29);
    if (seq < families.size()) {
      return Optional.of(UnitSpace.defaults(seq, families.get(seq), task));
    }
    List<TrialResult> ok = history.stream().filter(TrialResult::ok).filter(t -> Double.isFinite(t.mean()))
        .sorted(Comparator.comparingDouble(this::fitness).reversed()).toList();
    if (seq < families.size() + RANDOM_START || ok.size() < 2) {
      return Optional.of(decode(seq, UnitSpace.randomPoint(genes, r)));
    }
    List<Phenotype<DoubleGene, Double>> population = new ArrayList<>();
    for (TrialResult t : ok.subList(0, Math.min(POPULATION, ok.size()))) {
      population.add(Phenotype.of(Genotype.of(DoubleChromosome.of(encode(t.candidate()))), 0, fitness(t)));
    }
    Genotype<DoubleGene> child = RandomRegistry.with(r, random -> {
      ISeq<Phenotype<DoubleGene, Double>> parents = new TournamentSelector<DoubleGene, Double>(3)
          .select(ISeq.of(population), 2, Optimize.MAXIMUM);
      return Alterer.of(new UniformCrossover<DoubleGene, Double>(0.9, 0.5),
              new GaussianMutator<DoubleGene, Double>(2.0 / genes))
          .alter(parents, 1).population().get(0).genotype();
    });
    double[] x = new double[genes];
    for (int i = 0; i < genes; i++) {
      x[i] = child.chromosome().get(i).doubleValue();
    }
    return Optional.of(decode(seq, x));
  }

  private double fitness(TrialResult t) {
    return largerIsBetter ? t.mean() : -t.mean();
  }

  /** Gene 0 is the family's position, genes 1.. its hyperparameters on the unit scale. */
  private DoubleGene[] encode(Candidate c) {
    DoubleGene[] g = new DoubleGene[genes];
    int fi = 0;
    for (int i = 0; i < families.size(); i++) {
      if (families.get(i).name().equals(c.family())) {
        fi = i;
      }
    }
    g[0] = gene((fi + 0.5) / families.size());
    double[] x = UnitSpace.encode(families.get(fi).space(task), c.params());
    for (int i = 1; i < genes; i++) {
      g[i] = gene(i - 1 < x.length ? x[i - 1] : 0.5);
    }
    return g;
  }

  private static DoubleGene gene(double u) {
    return DoubleGene.of(Math.max(0.0, Math.min(0.999_999, u)), 0.0, 1.0);
  }

  private Candidate decode(int seq, double[] x) {
    ModelFamily f = families.get(Math.min(families.size() - 1, (int) Math.floor(x[0] * families.size())));
    List<Dimension> dims = f.space(task);
    double[] own = new double[dims.size()];
    System.arraycopy(x, 1, own, 0, dims.size());
    return new Candidate(seq, f.name(), UnitSpace.decode(dims, own));
  }

  @Override
  public boolean usesHistory() {
    return true;
  }

  @Override
  public String name() {
    return "genetic";
  }
}
