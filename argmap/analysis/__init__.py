"""argmap.analysis"""
