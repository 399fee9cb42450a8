// Health offers nothing to other modules (its route is wired by the composition root).
export {};
