# Run: python3 prng_hash_reference.py  (golden vectors for prng.test.ts and fingerprint.test.ts)
# Independent reference (Python big ints masked to 32 bits) for sfc32 seeded by cyrb128, and cyrb53 lanes.
M=0xffffffff
def imul(a,b): return (a*b)&M
def cyrb128(s):
    h1,h2,h3,h4=1779033703,3144134277,1013904242,2773480762
    for ch in [ord(c) for c in s]:
        k=ch
        h1=h2^imul(h1^k,597399067)
        h2=h3^imul(h2^k,2869860233)
        h3=h4^imul(h3^k,951274213)
        h4=h1^imul(h4^k,2716044179)
    h1=imul(h3^(h1>>18),597399067)
    h2=imul(h4^(h2>>22),2869860233)
    h3=imul(h1^(h3>>17),951274213)
    h4=imul(h2^(h4>>19),2716044179)
    h1^=h2^h3^h4; h2^=h1; h3^=h1; h4^=h1
    return [h1&M,h2&M,h3&M,h4&M]
def sfc32(a,b,c,d):
    while True:
        t=(a+b+d)&M
        d=(d+1)&M
        a=b^(b>>9)
        b=(c+((c<<3)&M))&M
        c=((c<<21)&M)|(c>>11)
        c=(c+t)&M
        yield t
def stream(seed,n):
    g=sfc32(*cyrb128(seed))
    for _ in range(12): next(g)
    return [next(g) for _ in range(n)]
def cyrb53(s):
    h1,h2=0xdeadbeef,0x41c6ce57
    for c in s:
        ch=ord(c)
        h1=imul(h1^ch,2654435761); h2=imul(h2^ch,1597334677)
    h1=imul(h1^(h1>>16),2246822507)
    h1^=imul(h2^(h2>>13),3266489909)
    h2=imul(h2^(h2>>16),2246822507)
    h2^=imul(h1^(h1>>13),3266489909)
    return '%08x%08x'%(h2&M,h1&M), ((h2&0x1fffff)*2**32+(h1&M))/2**53
for s in ['42','tuneloop','']:
    print(repr(s), [x/2**32 for x in stream(s,4)])
for s in ['','a','hello world','{"a":1,"b":[2,3]}']:
    print(repr(s), cyrb53(s))
