"""argmap.layout"""
