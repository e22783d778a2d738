namespace ClbWorker.Tasks;

/// <summary>The row one element of an enqueue call stands for; <see cref="Created"/> is false when it existed already.</summary>
public sealed record EnqueuedTask(TaskRecord Task, bool Created);
