package dev.ormbench.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of turns: every round one bad and one good turn, in both orders, the same for every thread of a fork. */
class TurnsTest {

    @Test
    void everyRoundHoldsOneBadAndOneGoodTurnInAnOrderDrawnPerRound() {
        long seed = 42;
        int badFirst = 0;
        for (int round = 0; round < 200; round++) {
            boolean first = Turns.isBadTurn(seed, 2 * round), second = Turns.isBadTurn(seed, 2 * round + 1);
            assertThat(first).as("round %d", round).isNotEqualTo(second);
            if (first) badFirst++;
        }
        assertThat(badFirst).isBetween(70, 130); // both orders, about as often
        // The same seed and index give the same turn (every thread of a fork agrees); another seed, another order.
        assertThat(Turns.isBadTurn(seed, 7)).isEqualTo(Turns.isBadTurn(seed, 7));
        int differ = 0;
        for (int i = 0; i < 100; i += 2) if (Turns.isBadTurn(seed, i) != Turns.isBadTurn(seed + 1000, i)) differ++;
        assertThat(differ).isBetween(10, 40);
    }
}
