using System.Diagnostics.CodeAnalysis;

namespace PaySessions.Core.Common;

/// <summary>A value or the reason there is none. Services return it instead of throwing for expected failures.</summary>
public readonly struct Result<T>
{
    private Result(T? value, PayError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public PayError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Ok => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(PayError error) => new(default, error);
}
