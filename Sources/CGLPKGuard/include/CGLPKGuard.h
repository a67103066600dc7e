// CGLPKGuard: the few things Swift cannot do around GLPK.
//
// GLPK aborts the whole process on a bad call unless an error hook longjmp()s out of it, and Swift cannot
// call setjmp(). Each rp_* function below installs GLPK's error hook and terminal hook, runs one GLPK
// routine under setjmp(), and reports a caught error instead of dying. After a caught error GLPK's
// environment of this thread has been freed (glp_free_env): every problem object of the thread is gone and
// must not be touched again, not even deleted.
//
// GLPK's terminal output is captured into a caller-owned buffer (its tail is kept when it overflows), so
// nothing reaches stdout behind the caller's back.
//
// Debian builds GLPK with thread-local environments: call these on the thread that created the problem.
#ifndef CGLPK_GUARD_H
#define CGLPK_GUARD_H

#include <stddef.h>
#include <glpk.h>

/// What the branch-and-bound search has shown so far.
typedef struct rp_progress {
    int has_incumbent;     ///< 1 when an integer feasible solution is known
    double incumbent;      ///< its objective value
    int has_bound;         ///< 1 when a bound from the open nodes is known
    double bound;          ///< best bound of the open nodes (a lower bound when minimising)
    double gap;            ///< GLPK's relative gap; meaningful only with both of the above
    int active_nodes;      ///< open subproblems
    int total_nodes;       ///< subproblems created so far
    double elapsed_s;      ///< seconds since the search began
    int iterations;        ///< simplex iterations since the search began: its work, independent of the clock
} rp_progress;

/// Limits on a search's work, counted in simplex iterations so that where a search stops does not depend on
/// the machine's speed or load (the same program stops at the same point every time).
typedef struct rp_effort {
    /// Stop a search that has no integer solution after this many iterations (negative: never).
    int no_solution_iterations;
    /// The relative gap the caller accepts. When `proof_share` > 0 the search runs on past it towards a
    /// proof of optimality (GLPK's own mip_gap should then be 0), for at most `proof_share` times the
    /// iterations it took to reach that gap (and at least `proof_min_iterations`), then stops.
    double wanted_gap;
    double proof_share;
    int proof_min_iterations;
    /// Stop a search that has an integer solution once it has done this many iterations and found no better
    /// one in the last that many, for the caller to go on another way (0 or negative: never; see
    /// GLPKParameters.escalation).
    int search_iterations;
    /// ... and only before this many seconds of search (0: whenever), so that a second search has time to run.
    double search_before_s;
} rp_effort;

/// Progress callback: return nonzero to stop the search (GLPK then returns GLP_ESTOP).
typedef int (*rp_progress_fn)(void *context, const rp_progress *progress);

/// What one guarded call produced.
typedef struct rp_outcome {
    int caught_error;      ///< 1 when GLPK raised an error: the problem object is gone
    int code;              ///< return code of the GLPK routine (meaningless when caught_error)
    rp_progress last;      ///< the last progress seen (rp_intopt only)
    int effort_stop;       ///< rp_intopt: 1 stopped without a solution, 2 stopped within the wanted gap,
                           ///< 3 stopped by `search_iterations`
} rp_outcome;

/// Text captured from GLPK's terminal output.
typedef struct rp_log {
    char *text;            ///< caller-owned buffer, always NUL-terminated
    size_t capacity;       ///< its size in bytes, including the NUL
} rp_log;

/// glp_intopt under the guard. Calls `report` (if not NULL) when the search starts, whenever a better integer solution is found
/// and at most every `report_interval_s` seconds otherwise. Any cb_func already set in `parm` is replaced.
/// `start` (if not NULL: values of columns 1..n at start[1..n]) is offered to the search as an integer
/// feasible solution at its first heuristic point; it must satisfy every row and bound (GLPK checks only
/// integrality), and it is meaningful only without the MIP presolver (which renumbers the columns).
/// `effort` (if not NULL) limits the search's work (see rp_effort); a stop it causes returns GLP_ESTOP with
/// `outcome->effort_stop` set.
void rp_intopt(glp_prob *problem, glp_iocp *parm, rp_progress_fn report, void *context,
               double report_interval_s, const double *start, const rp_effort *effort,
               rp_outcome *outcome, rp_log *log);

/// glp_simplex under the guard.
void rp_simplex(glp_prob *problem, const glp_smcp *parm, rp_outcome *outcome, rp_log *log);

/// glp_write_lp (CPLEX LP) under the guard.
void rp_write_lp(glp_prob *problem, const char *path, rp_outcome *outcome, rp_log *log);

/// glp_write_mps (free MPS) under the guard.
void rp_write_mps(glp_prob *problem, const char *path, rp_outcome *outcome, rp_log *log);

#endif
