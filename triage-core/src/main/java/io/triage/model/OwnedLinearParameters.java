package io.triage.model;

import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.Tensor;

/**
 * Tribuo's linear parameters, with {@link #getEmptyCopy()} handing out an accumulator matrix we
 * own. {@code AdaGrad.initialise(params)} keeps exactly that tensor as its private
 * squared-gradient state and updates it in place, so we can snapshot, restore, grow and decay
 * the optimiser state that Tribuo otherwise hides.
 */
final class OwnedLinearParameters extends LinearParameters {

    private static final long serialVersionUID = 1L;

    private final DenseMatrix accumulators;

    OwnedLinearParameters(DenseMatrix weights, DenseMatrix accumulators) {
        super(weights);
        if (weights.getDimension1Size() != accumulators.getDimension1Size()
                || weights.getDimension2Size() != accumulators.getDimension2Size()) {
            throw new IllegalArgumentException("weights and accumulators differ in shape");
        }
        this.accumulators = accumulators;
    }

    /** Not empty: the optimiser adopts this live matrix as its accumulator (see class comment). */
    @Override
    public Tensor[] getEmptyCopy() {
        return new Tensor[] {accumulators};
    }

    DenseMatrix accumulators() {
        return accumulators;
    }
}
