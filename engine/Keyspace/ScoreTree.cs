namespace HotGears.Engine.Keyspace;

/// <summary>A member of a sorted set and its score.</summary>
public readonly record struct ZEntry(byte[] Member, double Score);

/// <summary>
/// A position in a sorted set's order, as a test that is true for the entries before it and
/// false for the rest (so it must be monotonic along the order). Struct implementations keep
/// the searches free of allocations and virtual calls.
/// </summary>
public interface IEntryBound
{
    bool IsBefore(in ZEntry entry);
}

/// <summary>
/// The entries of a sorted set in order, as a B+-tree whose nodes know how many entries they
/// hold. That gives what Redis's skiplist with spans gives: the entry at a rank, the rank of a
/// position and insertion or removal at a rank, each in O(log n). It costs about 16 bytes per
/// entry (leaves are arrays of <see cref="ZEntry"/>) where a skiplist node costs 50 or more.
/// The tree itself knows nothing of the order: callers find ranks with <see cref="CountBefore{TBound}"/>.
/// Leaves are doubly linked so that ranges are walked without descending again. A branch keeps a
/// copy of each child's first entry and size beside the child, so that a search by position or
/// rank reads two arrays per level rather than every child (cache misses are most of the cost of
/// a big set's ZADD).
/// </summary>
public sealed class ScoreTree
{
    private const int MaxLeafEntries = 128;
    private const int MaxChildren = 64;
    // A node below a quarter full is merged with a sibling, or shares the sibling's entries.
    private const int MinLeafEntries = MaxLeafEntries / 4;
    private const int MinChildren = MaxChildren / 4;

    private abstract class Node
    {
        public int Size; // entries in this subtree
        public int Length; // entries (leaf) or children (branch) in this node
    }

    private sealed class Leaf : Node
    {
        public ZEntry[] Items = [];
        public Leaf? Next, Prev;
    }

    private sealed class Branch : Node
    {
        public Node[] Children = new Node[MaxChildren + 1];
        public ZEntry[] Firsts = new ZEntry[MaxChildren + 1]; // Firsts[i] is Children[i]'s first entry
        public int[] Sizes = new int[MaxChildren + 1]; // Sizes[i] is Children[i].Size

        /// <summary>After child <paramref name="index"/> (if there is one) may have changed.</summary>
        public void Refresh(int index)
        {
            if (index < 0 || index >= Length) return;
            var child = Children[index];
            Firsts[index] = FirstEntry(child);
            Sizes[index] = child.Size;
        }

        /// <summary>Moves children (with their first entries and sizes) within this branch or to another.</summary>
        public void CopyChildren(int from, Branch to, int at, int count)
        {
            Array.Copy(Children, from, to.Children, at, count);
            Array.Copy(Firsts, from, to.Firsts, at, count);
            Array.Copy(Sizes, from, to.Sizes, at, count);
        }

        public void ClearChildren(int from, int count)
        {
            Array.Clear(Children, from, count);
            Array.Clear(Firsts, from, count);
            Array.Clear(Sizes, from, count);
        }
    }

    private Node _root = new Leaf();

    public int Count => _root.Size;

    public ZEntry this[int rank]
    {
        get
        {
            var leaf = Find(rank, out int index);
            return leaf.Items[index];
        }
    }

    public ZEntry First => this[0];

    public ZEntry Last => this[Count - 1];

    /// <summary>How many entries come before the bound: the rank at which it would be inserted.</summary>
    public int CountBefore<TBound>(TBound bound) where TBound : IEntryBound, allows ref struct
    {
        int before = 0;
        var node = _root;
        while (node is Branch branch)
        {
            // The last child that starts before the bound holds the boundary; those left of it are wholly before.
            int low = 0, high = branch.Length - 1;
            while (low < high)
            {
                int mid = (low + high + 1) / 2;
                if (bound.IsBefore(branch.Firsts[mid])) low = mid;
                else high = mid - 1;
            }
            for (int i = 0; i < low; i++) before += branch.Sizes[i];
            node = branch.Children[low];
        }
        var leaf = (Leaf)node;
        int lo = 0, hi = leaf.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (bound.IsBefore(leaf.Items[mid])) lo = mid + 1;
            else hi = mid;
        }
        return before + lo;
    }

    public void Insert(int rank, ZEntry entry)
    {
        if (InsertInto(_root, rank, entry) is { } split)
        {
            var root = new Branch { Size = _root.Size + split.Size, Length = 2 };
            root.Children[0] = _root;
            root.Children[1] = split;
            root.Refresh(0);
            root.Refresh(1);
            _root = root;
        }
    }

    public void RemoveAt(int rank)
    {
        if ((uint)rank >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(rank));
        RemoveFrom(_root, rank);
        if (_root is Branch { Length: 1 } branch) _root = branch.Children[0];
    }

    /// <summary>A cursor on the entry at <paramref name="rank"/>, or an invalid one past either end.</summary>
    public Cursor At(int rank)
    {
        if (rank < 0 || rank >= Count) return default;
        var leaf = Find(rank, out int index);
        return new Cursor(leaf, index);
    }

    /// <summary>Walks entries in either direction; valid until the tree changes.</summary>
    public struct Cursor
    {
        private Leaf? _leaf;
        private int _index;

        internal Cursor(object leaf, int index)
        {
            _leaf = (Leaf)leaf;
            _index = index;
        }

        public readonly bool IsValid => _leaf != null;

        public readonly ZEntry Current => _leaf!.Items[_index];

        public void MoveNext()
        {
            if (++_index < _leaf!.Length) return;
            _leaf = _leaf.Next;
            _index = 0;
        }

        public void MovePrevious()
        {
            if (--_index >= 0) return;
            _leaf = _leaf!.Prev;
            _index = _leaf == null ? 0 : _leaf.Length - 1;
        }
    }

    private Leaf Find(int rank, out int index)
    {
        if ((uint)rank >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(rank));
        var node = _root;
        while (node is Branch branch)
        {
            int i = 0;
            while (rank >= branch.Sizes[i])
            {
                rank -= branch.Sizes[i];
                i++;
            }
            node = branch.Children[i];
        }
        index = rank;
        return (Leaf)node;
    }

    private static ZEntry FirstEntry(Node node) => node is Leaf leaf ? leaf.Items[0] : ((Branch)node).Firsts[0];

    /// <summary>Inserts below <paramref name="node"/>; returns the new right sibling when the node had to split.</summary>
    private static Node? InsertInto(Node node, int rank, ZEntry entry)
    {
        if (node is Leaf leaf)
        {
            if (leaf.Length < MaxLeafEntries)
            {
                AddToLeaf(leaf, rank, entry);
                return null;
            }
            // A full leaf splits in half, except when the entry goes at the very end of the order:
            // then it starts a leaf of its own, so that sets loaded in order keep full leaves.
            bool appending = rank == leaf.Length && leaf.Next == null;
            var right = SplitLeaf(leaf, appending ? leaf.Length : leaf.Length / 2);
            if (rank < leaf.Length) AddToLeaf(leaf, rank, entry);
            else AddToLeaf(right, rank - leaf.Length, entry);
            return right;
        }
        node.Size++;
        var branch = (Branch)node;
        // A rank on the boundary of two children goes to the start of the right one.
        int i = 0;
        while (i < branch.Length - 1 && rank >= branch.Sizes[i])
        {
            rank -= branch.Sizes[i];
            i++;
        }
        if (branch.Children[i] is Leaf { Length: MaxLeafEntries } full)
        {
            bool added = MakeRoom(branch, i, full, ref rank, entry);
            branch.Refresh(i - 1);
            branch.Refresh(i);
            branch.Refresh(i + 1);
            if (added) return null;
        }
        var split = InsertInto(branch.Children[i], rank, entry);
        branch.Refresh(i);
        if (split == null) return null;
        branch.CopyChildren(i + 1, branch, i + 2, branch.Length - i - 1);
        branch.Children[i + 1] = split;
        branch.Length++;
        branch.Refresh(i + 1);
        return branch.Length > MaxChildren ? SplitBranch(branch) : null;
    }

    /// <summary>
    /// Before a full leaf splits, a neighbour under the same parent with room takes one entry
    /// (or the new one, when it goes on their boundary), as in a B*-tree: leaves then end up
    /// about 80% full rather than 70%. True when the entry was added.
    /// </summary>
    private static bool MakeRoom(Branch parent, int index, Leaf full, ref int rank, ZEntry entry)
    {
        if (index > 0 && parent.Children[index - 1] is Leaf { Length: < MaxLeafEntries } left)
        {
            if (rank == 0)
            {
                AddToLeaf(left, left.Length, entry);
                return true;
            }
            MoveToLeft(left, full, 1);
            rank--;
            return false;
        }
        if (index + 1 < parent.Length && parent.Children[index + 1] is Leaf { Length: < MaxLeafEntries } right)
        {
            if (rank == full.Length)
            {
                AddToLeaf(right, 0, entry);
                return true;
            }
            MoveToRight(full, right, 1);
        }
        return false;
    }

    private static void AddToLeaf(Leaf leaf, int index, ZEntry entry)
    {
        EnsureCapacity(leaf, leaf.Length + 1);
        Array.Copy(leaf.Items, index, leaf.Items, index + 1, leaf.Length - index);
        leaf.Items[index] = entry;
        leaf.Length++;
        leaf.Size++;
    }

    /// <summary>Moves the entries from <paramref name="keep"/> on to a new leaf linked after this one.</summary>
    private static Leaf SplitLeaf(Leaf leaf, int keep)
    {
        int move = leaf.Length - keep;
        var right = new Leaf { Items = new ZEntry[MaxLeafEntries] };
        Array.Copy(leaf.Items, keep, right.Items, 0, move);
        Array.Clear(leaf.Items, keep, move);
        right.Length = right.Size = move;
        leaf.Length = leaf.Size = keep;
        EnsureCapacity(leaf, MaxLeafEntries);
        right.Next = leaf.Next;
        right.Prev = leaf;
        if (leaf.Next != null) leaf.Next.Prev = right;
        leaf.Next = right;
        return right;
    }

    private static Branch SplitBranch(Branch branch)
    {
        int keep = branch.Length / 2;
        var right = new Branch { Length = branch.Length - keep };
        branch.CopyChildren(keep, right, 0, right.Length);
        branch.ClearChildren(keep, right.Length);
        branch.Length = keep;
        right.Size = SumSizes(right, 0, right.Length);
        branch.Size -= right.Size;
        return right;
    }

    private static void RemoveFrom(Node node, int rank)
    {
        node.Size--;
        if (node is Leaf leaf)
        {
            leaf.Length--;
            Array.Copy(leaf.Items, rank + 1, leaf.Items, rank, leaf.Length - rank);
            leaf.Items[leaf.Length] = default;
            return;
        }
        var branch = (Branch)node;
        int i = 0;
        while (rank >= branch.Sizes[i])
        {
            rank -= branch.Sizes[i];
            i++;
        }
        var child = branch.Children[i];
        RemoveFrom(child, rank);
        branch.Refresh(i);
        if (child.Length < (child is Leaf ? MinLeafEntries : MinChildren) && branch.Length > 1) Rebalance(branch, i);
    }

    /// <summary>Merges an underfull child with a neighbour when both fit in one node, else evens them out.</summary>
    private static void Rebalance(Branch parent, int index)
    {
        int leftIndex = index > 0 ? index - 1 : index;
        var left = parent.Children[leftIndex];
        var right = parent.Children[leftIndex + 1];
        int max = left is Leaf ? MaxLeafEntries : MaxChildren;
        int total = left.Length + right.Length;
        if (total <= max)
        {
            MoveToLeft(left, right, right.Length);
            parent.CopyChildren(leftIndex + 2, parent, leftIndex + 1, parent.Length - leftIndex - 2);
            parent.Length--;
            parent.ClearChildren(parent.Length, 1);
            if (left is Leaf leftLeaf) Unlink((Leaf)right, leftLeaf);
            parent.Refresh(leftIndex);
            return;
        }
        int leftTarget = total / 2;
        if (left.Length < leftTarget) MoveToLeft(left, right, leftTarget - left.Length);
        else MoveToRight(left, right, left.Length - leftTarget);
        parent.Refresh(leftIndex);
        parent.Refresh(leftIndex + 1);
    }

    private static void Unlink(Leaf removed, Leaf previous)
    {
        previous.Next = removed.Next;
        if (removed.Next != null) removed.Next.Prev = previous;
    }

    /// <summary>Moves the first <paramref name="count"/> items of <paramref name="right"/> to the end of <paramref name="left"/>.</summary>
    private static void MoveToLeft(Node left, Node right, int count)
    {
        if (left is Leaf l)
        {
            var r = (Leaf)right;
            EnsureCapacity(l, l.Length + count);
            Array.Copy(r.Items, 0, l.Items, l.Length, count);
            Array.Copy(r.Items, count, r.Items, 0, r.Length - count);
            Array.Clear(r.Items, r.Length - count, count);
            l.Length += count;
            r.Length -= count;
            l.Size += count;
            r.Size -= count;
            return;
        }
        var lb = (Branch)left;
        var rb = (Branch)right;
        int moved = SumSizes(rb, 0, count);
        rb.CopyChildren(0, lb, lb.Length, count);
        rb.CopyChildren(count, rb, 0, rb.Length - count);
        rb.ClearChildren(rb.Length - count, count);
        lb.Length += count;
        rb.Length -= count;
        lb.Size += moved;
        rb.Size -= moved;
    }

    /// <summary>Moves the last <paramref name="count"/> items of <paramref name="left"/> to the start of <paramref name="right"/>.</summary>
    private static void MoveToRight(Node left, Node right, int count)
    {
        if (left is Leaf l)
        {
            var r = (Leaf)right;
            EnsureCapacity(r, r.Length + count);
            Array.Copy(r.Items, 0, r.Items, count, r.Length);
            Array.Copy(l.Items, l.Length - count, r.Items, 0, count);
            Array.Clear(l.Items, l.Length - count, count);
            l.Length -= count;
            r.Length += count;
            l.Size -= count;
            r.Size += count;
            return;
        }
        var lb = (Branch)left;
        var rb = (Branch)right;
        int moved = SumSizes(lb, lb.Length - count, count);
        rb.CopyChildren(0, rb, count, rb.Length);
        lb.CopyChildren(lb.Length - count, rb, 0, count);
        lb.ClearChildren(lb.Length - count, count);
        lb.Length -= count;
        rb.Length += count;
        lb.Size -= moved;
        rb.Size += moved;
    }

    /// <summary>
    /// A leaf array doubles as it fills (small sets stay small); leaves made by splits get the
    /// full size at once, so that the arrays of a big set are never reallocated (a replaced
    /// array would be old garbage, costly to collect).
    /// </summary>
    private static void EnsureCapacity(Leaf leaf, int length)
    {
        if (leaf.Items.Length < length)
            Array.Resize(ref leaf.Items, Math.Min(MaxLeafEntries, (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(length, 2))));
    }

    private static int SumSizes(Branch branch, int start, int count)
    {
        int sum = 0;
        for (int i = start; i < start + count; i++) sum += branch.Sizes[i];
        return sum;
    }
}
